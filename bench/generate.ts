// A generated playbook of any size for the compiler benchmark: realistic steps (actions with arguments and
// compensation, approvals, conditions, sets, a forEach), every few steps reading earlier ones.

/** A valid playbook with `steps` top-level steps. */
export function generatePlaybook(steps: number): string {
  const out: string[] = [
    'apiVersion: idflow/v1',
    'kind: Playbook',
    'name: generated',
    'description: A generated playbook for the compiler benchmark.',
    'inputs:',
    '  email: { type: string, format: email }',
    '  group: { type: string }',
    '  days: { type: integer, default: 3 }',
    'subject: ${{ inputs.email }}',
    'timeout: 30d',
    'steps:',
    '  - id: user',
    '    uses: jumpcloud.user.find',
    "    with: { email: '${{ inputs.email }}' }",
  ];
  for (let i = 1; i < steps; i++) {
    const prev = i === 1 ? 'user' : `s${i - 1}`;
    switch (i % 5) {
      case 0:
        out.push(
          `  - id: s${i}`,
          `    name: Approval ${i}`,
          `    if: \${{ steps.${prev}.status == 'succeeded' }}`,
          '    approval:',
          `      title: 'Step ${i} for \${{ steps.user.output.displayName }} (\${{ inputs.group }})'`,
          "      approvers: ['${{ steps.user.output.manager.email }}', 'group:IT Admins']",
          '      timeout: 72h',
          '      onTimeout: { escalate: { approvers: [group:Help Desk], timeout: 24h }, then: reject }',
        );
        break;
      case 1:
        out.push(
          `  - id: s${i}`,
          '    uses: jumpcloud.group.find',
          "    with: { name: '${{ inputs.group }}' }",
          '    retry: { maxAttempts: 5, initialInterval: 1s, backoff: 2, maxInterval: 1m }',
        );
        break;
      case 2:
        out.push(
          `  - id: s${i}`,
          `    if: \${{ steps.s${i - 1}.output.name != '' && inputs.days + 1 > 2 }}`,
          '    uses: jumpcloud.group.addMember',
          '    with:',
          `      groupId: '\${{ steps.s${i - 1}.output.id }}'`,
          "      userId: '${{ steps.user.output.id }}'",
          '    compensate:',
          '      uses: jumpcloud.group.removeMember',
          '      with:',
          `        groupId: '\${{ steps.s${i - 1}.output.id }}'`,
          "        userId: '${{ steps.user.output.id }}'",
        );
        break;
      case 3:
        out.push(
          `  - id: s${i}`,
          '    set:',
          `      v${i}: "\${{ steps.s${i - 1}.status == 'succeeded' ? 'added ' + steps.user.output.email : 'skipped' }}"`,
          `      n${i}: \${{ inputs.days * 2 }}`,
        );
        break;
      case 4:
        out.push(
          `  - id: s${i}`,
          '    forEach:',
          "      items: ['a', 'b', 'c']",
          '      concurrency: 2',
          '      steps:',
          `        - id: s${i}x`,
          '          uses: notify.message',
          '          onError: continue',
          `          with: { secret: CHAT_WEBHOOK_URL, to: '\${{ item }}', text: 'Step ${i}: \${{ vars.v${i - 1} }}' }`,
        );
        break;
    }
  }
  out.push('outputs:', `  last: \${{ steps.s${steps - 1}.status }}`, '  user: ${{ steps.user.output.id }}');
  return `${out.join('\n')}\n`;
}
