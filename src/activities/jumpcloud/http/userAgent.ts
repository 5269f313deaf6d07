import { createRequire } from 'node:module';

// Read at runtime rather than imported: package.json sits outside the build's rootDir. This file is four
// levels below the package root both in src/ and in dist/, so the same relative path works for both.
function readVersion(): string {
  try {
    const pkg = createRequire(import.meta.url)('../../../../package.json') as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const IDFLOW_VERSION = readVersion();
export const DEFAULT_USER_AGENT = `idflow/${IDFLOW_VERSION}`;
