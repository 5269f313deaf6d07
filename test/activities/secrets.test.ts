// The secret resolver: sources, precedence, reserved names, and file parsing that never echoes values.
import { describe, expect, it } from 'vitest';
import { createSecretResolver, parseSecretsFile, SecretsFileError } from '../../src/secrets/resolver.js';

describe('createSecretResolver', () => {
  it('reads the environment first, then the secrets file', () => {
    const secrets = createSecretResolver({
      env: { CHAT_WEBHOOK_URL: 'https://env.example/hook', EMPTY: '' },
      fileContent: '{"CHAT_WEBHOOK_URL": "https://file.example/hook", "TICKETS": "t", "EMPTY": "from-file"}',
    });
    expect(secrets.resolve('CHAT_WEBHOOK_URL')).toBe('https://env.example/hook');
    expect(secrets.resolve('TICKETS')).toBe('t');
    expect(secrets.resolve('EMPTY')).toBe('from-file');
    expect(secrets.resolve('MISSING')).toBeUndefined();
    expect(secrets.describeSources).toBe('the worker environment and the secrets file');
  });

  it("never hands out the worker's own settings from the environment, but a file may define any name", () => {
    const secrets = createSecretResolver({
      env: { JUMPCLOUD_API_KEY: 'k', TEMPORAL_API_KEY: 't', IDFLOW_SECRETS_FILE: '/x', PATH: '/bin' },
      fileContent: 'IDFLOW_DEMO_HOOK=https://file.example/hook',
    });
    expect(secrets.resolve('JUMPCLOUD_API_KEY')).toBeUndefined();
    expect(secrets.resolve('TEMPORAL_API_KEY')).toBeUndefined();
    expect(secrets.resolve('IDFLOW_SECRETS_FILE')).toBeUndefined();
    expect(secrets.resolve('IDFLOW_DEMO_HOOK')).toBe('https://file.example/hook');
    expect(secrets.resolve('PATH')).toBe('/bin');
  });

  it('knows nothing when given nothing', () => {
    const secrets = createSecretResolver();
    expect(secrets.resolve('ANY')).toBeUndefined();
    expect(secrets.describeSources).toBe('no secret source (none configured)');
  });
});

describe('parseSecretsFile', () => {
  it('reads NAME=value lines with comments, export and quotes', () => {
    const parsed = parseSecretsFile(
      ['# chat', 'export CHAT="https://hooks.example/a=b"', '', "TOKEN='x y'", 'PLAIN = v '].join('\n'),
    );
    expect(Object.fromEntries(parsed)).toEqual({
      CHAT: 'https://hooks.example/a=b',
      TOKEN: 'x y',
      PLAIN: 'v',
    });
  });

  it('reports bad lines and keys by position, never by value', () => {
    const attempt = (text: string): SecretsFileError => {
      try {
        parseSecretsFile(text);
      } catch (err) {
        if (err instanceof SecretsFileError) return err;
      }
      throw new Error('expected a SecretsFileError');
    };
    const lines = attempt('GOOD=1\nthis is s3cret\n');
    expect(lines.problems).toEqual(['line 2: expected NAME=value']);
    expect(lines.message).not.toContain('s3cret');
    const json = attempt('{"OK": "1", "NUM": 5}');
    expect(json.problems).toEqual(['key "NUM": the value must be a string']);
    expect(attempt('{ nope').problems).toEqual(['not valid JSON']);
  });
});
