// JSON values as idflow passes them around: Plan literals, run inputs and outputs, expression results,
// activity arguments. Neutral ground, so the expression evaluator, the compiler and the workflows share one
// definition without importing each other.
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
