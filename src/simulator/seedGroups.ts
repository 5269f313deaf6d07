// Extra user groups for large directories (`groups` in the seed options): teams, projects and
// distribution lists, with people spread over them at random (nobody STAGED). The fixture groups and their
// members are untouched; everything here draws from its own PRNG stream.
import type { Directory } from './directory.js';
import { EMAIL_DOMAIN } from './fixtures.js';
import { createRng, deriveSeed } from './prng.js';

const KINDS = ['Team', 'Project', 'Guild', 'Squad', 'Committee', 'List'] as const;
const WORDS = [
  'Aurora',
  'Basalt',
  'Cobalt',
  'Delta',
  'Ember',
  'Falcon',
  'Granite',
  'Harbor',
  'Indigo',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Meridian',
  'Nimbus',
  'Onyx',
  'Pioneer',
  'Quartz',
  'Raven',
  'Summit',
  'Tundra',
  'Umbra',
  'Vertex',
  'Willow',
  'Xenon',
  'Yarrow',
  'Zephyr',
] as const;

export function seedExtraGroups(
  directory: Directory,
  options: { seed: number; total: number; at: Date },
): void {
  const rng = createRng(deriveSeed(options.seed, 'groups'));
  const missing = options.total - directory.groups().length;
  if (missing <= 0) return;
  const created: string[] = [];
  for (let n = 0; n < missing; n++) {
    const kind = KINDS[n % KINDS.length] ?? 'Team';
    const word = WORDS[Math.floor(n / KINDS.length) % WORDS.length] ?? 'Alpha';
    const round = Math.floor(n / (KINDS.length * WORDS.length));
    const name = `${kind} ${word}${round > 0 ? ` ${round + 1}` : ''}`;
    const group = directory.addGroup(
      {
        name,
        description: `${name} (generated)`,
        email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@${EMAIL_DOMAIN}`,
        membershipMethod: 'STATIC',
      },
      { at: options.at, unique: true },
    );
    created.push(group.id);
  }
  for (const user of directory.users()) {
    if (user.state === 'STAGED') continue;
    const joins = rng.int(4);
    for (let j = 0; j < joins; j++) directory.addMember(rng.pick(created), user._id);
  }
}
