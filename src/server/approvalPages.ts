// The approval pages, as pure functions from what the run says to HTML. Every value is escaped by `html`.
import type { ApprovalDecision, DecisionResult } from '../workflows/types.js';
import { html, type SafeHtml } from '../common/html.js';
import { page } from './html.js';

export interface ApprovalPageView {
  /** What is asked (the approval's title). */
  title: string;
  playbook: string;
  /** Who or what the run is about. */
  subject: string;
  /** Who asked for the run, when a person did. */
  requestedBy?: string;
  /** The approver the link was minted for. */
  approver: string;
  workflowId: string;
  /** When the approval itself times out. */
  decideBy: string;
  /** When this link stops working. */
  linkExpiresAt: string;
  approvals: number;
  required: number;
  decisions: ApprovalDecision[];
}

function when(iso: string): SafeHtml {
  return html`<time datetime="${iso}">${iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</time>`;
}

function decisionList(decisions: ApprovalDecision[]): SafeHtml {
  if (decisions.length === 0) return html``;
  return html`<dt>Decided so far</dt>
    <dd>
      <ul class="decisions">
        ${decisions.map(
          (d) =>
            html`<li>
              ${d.approver}: ${d.decision === 'approve' ? 'approved' : 'rejected'}
              ${when(d.at)}${d.comment ? html` — “${d.comment}”` : ''}
            </li>`,
        )}
      </ul>
    </dd>`;
}

/** GET /approve/:token for an approval this approver may still decide. */
export function renderApprovalForm(v: ApprovalPageView): string {
  return page(
    'Approval requested',
    html`<h1>Approval requested</h1>
      <p class="ask" id="ask">${v.title}</p>
      <dl>
        <dt>Requested by</dt>
        <dd>${v.requestedBy ?? 'an automated trigger'}</dd>
        <dt>For</dt>
        <dd>${v.subject}</dd>
        <dt>Playbook</dt>
        <dd>${v.playbook}</dd>
        <dt>Your decision as</dt>
        <dd>${v.approver}</dd>
        <dt>Approvals</dt>
        <dd>${v.approvals} of ${v.required} needed</dd>
        <dt>Decide by</dt>
        <dd>${when(v.decideBy)}</dd>
        ${decisionList(v.decisions)}
      </dl>
      <form method="post" aria-describedby="ask">
        <label for="comment">Comment <small>(optional, kept with your decision)</small></label>
        <textarea id="comment" name="comment" rows="3" maxlength="2000"></textarea>
        <div class="actions">
          <button type="submit" class="approve" name="decision" value="approve">Approve</button>
          <button type="submit" class="reject" name="decision" value="reject">Reject</button>
        </div>
      </form>
      <p>
        <small>Run <code>${v.workflowId}</code>. This link works until ${when(v.linkExpiresAt)}.</small>
      </p>`,
  );
}

/** POST /approve/:token when the run recorded the decision. */
export function renderDecisionRecorded(
  v: Pick<ApprovalPageView, 'title' | 'subject' | 'workflowId'>,
  result: DecisionResult,
  comment: string | undefined,
): string {
  const verb = result.decision === 'approve' ? 'approved' : 'rejected';
  const outcome =
    result.status === 'pending'
      ? `The approval now has ${result.approvals} of ${result.required} approvals and waits for the others.`
      : `The approval is ${result.status === 'approved' ? 'granted' : result.status}; the run continues.`;
  return page(
    `You ${verb}`,
    html`<h1>You ${verb}</h1>
      <div class="notice ${result.decision === 'approve' ? 'ok' : 'no'}" role="status">
        <p><strong>Your decision was recorded.</strong> ${outcome}</p>
      </div>
      <dl>
        <dt>Request</dt>
        <dd>${v.title}</dd>
        <dt>For</dt>
        <dd>${v.subject}</dd>
        ${
          comment
            ? html`<dt>Your comment</dt>
                <dd>${comment}</dd>`
            : ''
        }
      </dl>
      <p>
        <small>Run <code>${v.workflowId}</code>. You can close this page.</small>
      </p>`,
  );
}

export type NoticeKind =
  'invalid' | 'expired' | 'alreadyDecided' | 'refused' | 'closed' | 'notFound' | 'unavailable';

const HEADINGS: Record<NoticeKind, string> = {
  invalid: 'This link is not valid',
  expired: 'This link has expired',
  alreadyDecided: 'Already decided',
  refused: 'Your decision was not accepted',
  closed: 'This approval is closed',
  notFound: 'Nothing to decide',
  unavailable: 'Please try again shortly',
};

/** Every page that changes nothing: a heading, what happened, and what to do. */
export function renderNotice(
  kind: NoticeKind,
  detail: string,
  extra?: { title?: string; workflowId?: string },
): string {
  return page(
    HEADINGS[kind],
    html`<h1>${HEADINGS[kind]}</h1>
      <div class="notice ${kind === 'alreadyDecided' ? 'ok' : 'no'}" role="status"><p>${detail}</p></div>
      ${
        extra?.title
          ? html`<dl>
              <dt>Request</dt>
              <dd>${extra.title}</dd>
            </dl>`
          : ''
      }
      <p>
        <small
          >Nothing was changed.${extra?.workflowId ? html` Run <code>${extra.workflowId}</code>.` : ''}</small
        >
      </p>`,
  );
}
