// The simulator's SSO applications (v1 /applications). Who may use them is held in Associations.
import type { NewApplicationInput, SimApplication } from './model.js';

export interface ApplicationsOptions {
  organization: string;
  newId: (at?: Date) => string;
  now: () => Date;
}

export class Applications {
  private readonly byId = new Map<string, SimApplication>();

  constructor(private readonly options: ApplicationsOptions) {}

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** All applications in `_id` order. */
  list(): SimApplication[] {
    return [...this.byId.values()].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  }

  get(id: string): SimApplication | undefined {
    return this.byId.get(id);
  }

  add(input: NewApplicationInput, options: { at?: Date } = {}): SimApplication {
    const at = options.at ?? this.options.now();
    const id = this.options.newId(at);
    const label = input.displayLabel ?? input.displayName ?? input.name;
    const app: SimApplication = {
      _id: id,
      active: true,
      beta: false,
      color: '',
      config: {},
      created: at.toISOString(),
      databaseAttributes: [],
      description: '',
      displayLabel: label,
      displayName: input.displayName ?? label,
      learnMore: '',
      logo: { color: '', url: '' },
      organization: this.options.organization,
      sso: { type: 'saml', beta: false, jit: false, hidden: false },
      ssoUrl: `https://sso.jumpcloud.com/saml2/${input.name}`,
      ...input,
    };
    app._id = id;
    this.byId.set(id, app);
    return app;
  }

  snapshot(): SimApplication[] {
    return structuredClone(this.list());
  }
}
