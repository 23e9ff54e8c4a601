import type { ExplainNode, Explanation } from './explain';

const YES = '✓';
const NO = '✗';
const LABEL_MAX = 90;

/**
 * An explanation as terminal text: the verdict, the rule as a tree with each part's value and
 * what it found, the priority rules, the score's parts and the snippet.
 */
export function formatExplanation(e: Explanation): string[] {
  const lines: string[] = [];
  const verdict = e.matched
    ? `MATCH, priority ${e.match!.hit.priority}, score ${e.match!.hit.score}`
    : 'no match';
  lines.push(
    `${e.watchlistId} (${e.watchlistName}): ${verdict}${e.enabled ? '' : ' [disabled: never matched by the pipeline]'}`,
  );
  lines.push(`  rule${e.defaultRule ? ' (default: any actor AND any keyword)' : ''}:`);
  lines.push(...formatTree(e.tree, '    '));
  if (e.priority.length > 0) {
    lines.push(`  priority rules (any one makes the alert high):`);
    for (const p of e.priority) {
      lines.push(`    ${p.holds ? YES : NO} ${p.name}`);
      if (p.tree && p.tree.rule !== p.name) lines.push(...formatTree(p.tree, '      '));
    }
  }
  if (e.match) {
    const { hit, scoreParts } = e.match;
    lines.push(`  actors: ${hit.actors.join(', ') || '(none)'}`);
    lines.push(`  terms: ${hit.terms.join(', ') || '(none)'}`);
    lines.push(`  score ${hit.score}: ${scoreParts.map((p) => `${p.what} +${p.points}`).join(', ')}`);
    lines.push(`  snippet: ${hit.snippet}`);
  }
  return lines;
}

function formatTree(node: ExplainNode, indent: string): string[] {
  const label = node.rule.replace(/\s+/g, ' ');
  const short = label.length > LABEL_MAX ? `${label.slice(0, LABEL_MAX - 1)}…` : label;
  const found = node.found?.length
    ? `: ${node.found.map((f) => `"${f.text}"${f.term !== f.text ? ` (${f.term})` : ''} ${f.field} ${f.start}-${f.end}`).join(', ')}`
    : '';
  // AND and OR say how many parts they join: long rules read better as a tree.
  const op = node.op === 'AND' || node.op === 'OR' ? `${node.op} of ${node.children.length}: ` : '';
  const lines = [`${indent}${node.holds ? YES : NO} ${op}${short}${found}`];
  // An OR of many terms: the ones found one per line, the rest on one line.
  const absent = node.op === 'OR' ? node.children.filter((c) => !c.holds && c.children.length === 0) : [];
  for (const c of node.children) {
    if (absent.length > 3 && absent.includes(c)) continue;
    lines.push(...formatTree(c, `${indent}  `));
  }
  if (absent.length > 3) lines.push(`${indent}  ${NO} not found: ${absent.map((c) => c.rule).join(', ')}`);
  return lines;
}
