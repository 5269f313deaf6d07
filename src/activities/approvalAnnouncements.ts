// "An approval is waiting for you": posted to a chat channel when an approval opens and when it escalates,
// with one signed link per approver to the HTTP server's approval page. The links are bearer credentials:
// they are built and sent here and never returned, so they never enter the workflow history.
import type { ActionImplementations } from '../catalog/index.js';
import { mintApprovalLinks } from '../trust/links.js';
import type { AnnounceApprovalInput, AnnounceApprovalOutput } from '../workflows/activities.js';

export interface ApprovalAnnouncementOptions {
  /** Name of the secret holding the chat webhook URL approval requests go to. Unset: announce nothing. */
  channelSecret?: string;
  /** Where the approval page is served and the key links are signed with (the server's). Unset: no links. */
  links?: { publicUrl: string; key: string };
  /** Sends the message (notify.message: same delivery, retries and secret handling). */
  notify: ActionImplementations['notify.message'];
  now?: () => number;
}

function whenText(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

export function createApprovalAnnouncements(options: ApprovalAnnouncementOptions): {
  'idflow.announceApproval': (input: AnnounceApprovalInput) => Promise<AnnounceApprovalOutput>;
} {
  return {
    'idflow.announceApproval': async (input) => {
      if (!options.channelSecret)
        return { sent: false, reason: 'no approval channel configured (IDFLOW_APPROVAL_CHANNEL)', links: 0 };
      if (input.approvers.length === 0) return { sent: false, reason: 'nobody to ask', links: 0 };
      const now = options.now?.() ?? Date.now();
      const links = options.links
        ? mintApprovalLinks({
            baseUrl: options.links.publicUrl,
            key: options.links.key,
            workflowId: input.workflowId,
            stepId: input.stepId,
            approvers: input.approvers,
            ttlMs: Math.max(0, Date.parse(input.expiresAt) - now),
            notAfter: input.expiresAt,
            nowMs: now,
          })
        : [];
      const how =
        links.length > 0
          ? links.map((l) => `• ${l.approver}: ${l.url}`).join('\n')
          : `${input.approvers.map((a) => `• ${a}`).join('\n')}\nDecide with: idflow approve '${input.workflowId}' --step ${input.stepId} --as <your email>`;
      await options.notify({
        secret: options.channelSecret,
        to: input.approvers.join(', '),
        title: `${input.stage === 'escalated' ? 'Escalated: approval' : 'Approval'} needed — ${input.title}`,
        text:
          `${input.playbook} for ${input.subject}${input.requestedBy ? `, requested by ${input.requestedBy}` : ''}, ` +
          `waits for ${input.required > 1 ? `${input.required} approvals` : 'one approval'} until ${whenText(input.expiresAt)}.\n${how}`,
        fields: { Run: input.workflowId, Step: input.stepId, Stage: input.stage },
        format: 'slack',
      });
      return { sent: true, links: links.length };
    },
  };
}
