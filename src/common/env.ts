// Reading one setting from the environment, the same way for every module that reads settings (the
// Temporal connection, payload keys, the guardrails file, the worker): surrounding blanks are ignored and a
// blank value counts as unset, so `VAR=` in a .env file means "not given", not "given as empty".
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}
