// Where snapshots are kept, as one string (IDFLOW_STORE): `sqlite:<path>` (the default, a file), or a
// `postgres://` / `postgresql://` URL. A bare path is read as SQLite.

export type StoreLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export const DEFAULT_STORE = 'sqlite:.idflow/snapshots.sqlite';

export class StoreConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreConfigError';
  }
}

export function parseStoreLocation(text: string): StoreLocation {
  const value = text.trim();
  if (value === '') throw new StoreConfigError('empty store location');
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new StoreConfigError(`not a valid PostgreSQL URL: ${value.replace(/:[^:@/]*@/, ':***@')}`);
    }
    return { kind: 'postgres', url: value };
  }
  if (/^sqlite:/i.test(value)) {
    const path = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '')
      throw new StoreConfigError('sqlite: needs a file path, e.g. sqlite:/var/lib/idflow/snapshots.sqlite');
    return { kind: 'sqlite', path };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new StoreConfigError(
      `unsupported store "${value.split(':')[0]}": use sqlite:<path> or postgres://…`,
    );
  }
  return { kind: 'sqlite', path: value };
}
