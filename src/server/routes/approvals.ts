// GET /approve/:token shows what is asked; POST /approve/:token decides through the run's Workflow Update.
// GET never changes anything (mail scanners follow links). The run is the only state: a link whose
// decision is recorded finds it recorded and says so; the update's validator refuses anything else it
// should refuse (a changed decision, a closed approval, someone no longer an approver) with its reason.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decide, queryState } from '../../client/runs.js';
import type { ApprovalView, DecisionResult, RunState } from '../../workflows/types.js';
import { MAX_TOKEN_LENGTH, verifyApprovalToken, type ApprovalClaim } from '../../trust/links.js';
import {
  renderApprovalForm,
  renderDecisionRecorded,
  renderNotice,
  type NoticeKind,
} from '../approvalPages.js';
import type { ServerContext } from '../context.js';
import { PAGE_HEADERS } from '../html.js';
import { readRunTrigger } from '../runTrigger.js';

const params = {
  type: 'object',
  required: ['token'],
  properties: {
    token: {
      type: 'string',
      minLength: 3,
      maxLength: MAX_TOKEN_LENGTH,
      pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$',
    },
  },
} as const;

const decisionBody = {
  type: 'object',
  required: ['decision'],
  additionalProperties: false,
  properties: {
    decision: { enum: ['approve', 'reject'] },
    comment: { type: 'string', maxLength: 2000 },
  },
} as const;

/** Approval form posts are tiny; nothing bigger is read. */
const FORM_BODY_LIMIT = 16 * 1024;

interface TokenParams {
  token: string;
}

function send(reply: FastifyReply, status: number, htmlText: string): FastifyReply {
  return reply.code(status).headers(PAGE_HEADERS).send(htmlText);
}

function notice(
  reply: FastifyReply,
  status: number,
  kind: NoticeKind,
  detail: string,
  extra?: { title?: string; workflowId?: string },
): FastifyReply {
  return send(reply, status, renderNotice(kind, detail, extra));
}

function when(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function verbOf(decision: 'approve' | 'reject'): string {
  return decision === 'approve' ? 'approved' : 'rejected';
}

/** The token's claim, or a page saying why there is none (invalid or expired: nothing is looked up). */
function claimOr(
  ctx: ServerContext,
  request: FastifyRequest<{ Params: TokenParams }>,
  reply: FastifyReply,
  outcome: (o: string) => void,
): ApprovalClaim | undefined {
  const key = ctx.config.approvals?.key;
  if (!key) {
    notice(reply, 404, 'notFound', 'Approval links are not enabled on this server.');
    return undefined;
  }
  const check = verifyApprovalToken(key, request.params.token, ctx.now());
  if (check.ok) return check.claim;
  outcome(check.reason);
  if (check.reason === 'expired') {
    notice(
      reply,
      410,
      'expired',
      `This link stopped working at ${when(new Date(check.claim.expiresAt).toISOString())}. Ask for a new link, or decide with the idflow command line (idflow approve).`,
    );
  } else {
    notice(
      reply,
      403,
      'invalid',
      'The link is damaged or was not issued by this server. Open the link from your notification again, exactly as it was sent.',
    );
  }
  return undefined;
}

async function loadApproval(
  client: Client,
  claim: ApprovalClaim,
): Promise<{ state: RunState; approval: ApprovalView } | undefined> {
  let state: RunState;
  try {
    state = await queryState(client, claim.workflowId);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
  const approval = state.approvals.find((a) => a.stepId === claim.stepId);
  return approval ? { state, approval } : undefined;
}

/** The page for an approval this approver already decided, or that is no longer open. */
function settledPage(
  reply: FastifyReply,
  claim: ApprovalClaim,
  approval: ApprovalView,
): FastifyReply | undefined {
  const mine = approval.decisions.find((d) => d.approver === claim.approver);
  if (mine) {
    return notice(
      reply,
      200,
      'alreadyDecided',
      `You ${verbOf(mine.decision)} this request at ${when(mine.at)}. A decision is recorded once; this link cannot change it.`,
      { title: approval.title, workflowId: claim.workflowId },
    );
  }
  if (approval.status !== 'pending') {
    return notice(
      reply,
      409,
      'closed',
      `The approval is already ${approval.status === 'timedOut' ? 'timed out' : approval.status}.`,
      {
        title: approval.title,
        workflowId: claim.workflowId,
      },
    );
  }
  return undefined;
}

export function registerApprovals(app: FastifyInstance, ctx: ServerContext): void {
  const count = (outcome: string): void => ctx.metrics.approvalDecisions.inc({ outcome });

  void app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
      (_request, body, done) => {
        const text = typeof body === 'string' ? body : body.toString('utf8');
        done(null, Object.fromEntries(new URLSearchParams(text)));
      },
    );

    scope.get<{ Params: TokenParams }>(
      '/approve/:token',
      { schema: { params }, config: { html: true } },
      async (request, reply) => {
        const claim = claimOr(ctx, request, reply, () => undefined);
        if (!claim) return reply;
        const found = await loadApproval(ctx.client, claim);
        if (!found)
          return notice(reply, 404, 'notFound', 'This run or its approval no longer exists.', {
            workflowId: claim.workflowId,
          });
        const { state, approval } = found;
        const settled = settledPage(reply, claim, approval);
        if (settled) return settled;
        if (!approval.approvers.includes(claim.approver)) {
          return notice(
            reply,
            403,
            'refused',
            `${claim.approver} is not (or no longer) an approver of this request.`,
            {
              title: approval.title,
              workflowId: claim.workflowId,
            },
          );
        }
        const trigger = await readRunTrigger(ctx.client, claim.workflowId).catch(() => undefined);
        return send(
          reply,
          200,
          renderApprovalForm({
            title: approval.title,
            playbook: state.playbook,
            subject: state.subject,
            ...(trigger?.requestedBy ? { requestedBy: trigger.requestedBy } : {}),
            approver: claim.approver,
            workflowId: claim.workflowId,
            decideBy: approval.expiresAt,
            linkExpiresAt: new Date(claim.expiresAt).toISOString(),
            approvals: approval.decisions.filter((d) => d.decision === 'approve').length,
            required: approval.required,
            decisions: approval.decisions,
          }),
        );
      },
    );

    scope.post<{ Params: TokenParams; Body: { decision: 'approve' | 'reject'; comment?: string } }>(
      '/approve/:token',
      { schema: { params, body: decisionBody }, config: { html: true }, bodyLimit: FORM_BODY_LIMIT },
      async (request, reply) => {
        const claim = claimOr(ctx, request, reply, count);
        if (!claim) return reply;
        const comment = request.body.comment?.trim() || undefined;
        let result: DecisionResult;
        let stateAtDecision: Promise<RunState | undefined>;
        try {
          // The page needs the title and subject; ask for them while the update runs.
          stateAtDecision = queryState(ctx.client, claim.workflowId).catch(() => undefined);
          result = await decide(ctx.client, claim.workflowId, request.body.decision, {
            approver: claim.approver,
            stepId: claim.stepId,
            ...(comment ? { comment } : {}),
          });
        } catch (err) {
          if (err instanceof WorkflowUpdateFailedError) {
            // The run's validator said no (a changed decision, a closed approval, not an approver): its reason.
            count('refused');
            const found = await loadApproval(ctx.client, claim).catch(() => undefined);
            return notice(reply, 409, 'refused', err.cause?.message ?? err.message, {
              ...(found ? { title: found.approval.title } : {}),
              workflowId: claim.workflowId,
            });
          }
          if (!(err instanceof WorkflowNotFoundError)) throw err;
          // A finished run takes no update, but what it recorded is still readable.
          const found = await loadApproval(ctx.client, claim).catch(() => undefined);
          const settled = found && settledPage(reply, claim, found.approval);
          if (settled) {
            count(
              found.approval.decisions.some((d) => d.approver === claim.approver) ? 'repeated' : 'closed',
            );
            return settled;
          }
          count('closed');
          return notice(reply, 404, 'notFound', 'This run has ended or no longer exists.', {
            workflowId: claim.workflowId,
          });
        }
        const state = await stateAtDecision;
        const title = state?.approvals.find((a) => a.stepId === claim.stepId)?.title ?? claim.stepId;
        if (!result.recorded) {
          count('repeated');
          request.log.info(
            { run: claim.workflowId, step: claim.stepId, outcome: 'repeated' },
            'approval link used again',
          );
          return notice(
            reply,
            200,
            'alreadyDecided',
            `You already ${verbOf(result.decision)} this request. Nothing was changed.`,
            {
              title,
              workflowId: claim.workflowId,
            },
          );
        }
        count('recorded');
        request.log.info(
          { run: claim.workflowId, step: claim.stepId, decision: result.decision, status: result.status },
          'approval decided through a link',
        );
        return send(
          reply,
          200,
          renderDecisionRecorded(
            { title, subject: state?.subject ?? '', workflowId: claim.workflowId },
            result,
            comment,
          ),
        );
      },
    );
    return Promise.resolve();
  });
}
