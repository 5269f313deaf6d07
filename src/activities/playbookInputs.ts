// The interpreter's own activity for child playbooks: the same input check a client does before a start.
import { ApplicationFailure } from '@temporalio/common';
import type { JsonValue } from '../common/json.js';
import { InvalidInputsError, prepareInputs } from '../dsl/inputs.js';

export function createPlaybookInputActivities(): {
  'idflow.prepareInputs': (input: {
    schema: JsonValue;
    inputs: JsonValue;
    playbook: string;
  }) => Promise<{ [k: string]: JsonValue }>;
} {
  return {
    'idflow.prepareInputs': ({ schema, inputs, playbook }) => {
      try {
        return Promise.resolve(prepareInputs(playbook, schema, inputs));
      } catch (err) {
        if (err instanceof InvalidInputsError) {
          throw ApplicationFailure.nonRetryable(err.message, 'IdflowInvalidInputs', {
            playbook,
            problems: err.problems,
          });
        }
        throw err;
      }
    },
  };
}
