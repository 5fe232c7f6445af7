/**
 * Runs every snippet check over one guide and returns every finding at once, each with the
 * file and line a writer must edit, what is there and why it fails. Pure apart from the two
 * things passed in: `bash -n` (a process) and the Kubernetes validator lookup (module loading).
 */
import { fencedBlocks, frontmatterProse, proseBlocks } from './blocks.ts';
import { findCadenceMismatches } from './cadence-words.ts';
import { findUnsourcedClaims } from './claims.ts';
import { checkHclBlock } from './hcl.ts';
import { checkPoliciesIn, policiesIn } from './iam-policy.ts';
import { parseJsonBlock } from './json.ts';
import { builtInValidator, checkManifest, isManifest, type ValidatorLookup } from './kubernetes.ts';
import { parserFor } from './languages.ts';
import { findUnpinned } from './pins.ts';
import { checkShellBlock, type BashSyntaxCheck } from './shell.ts';
import { parseYamlBlock } from './yaml.ts';
import { cadences } from '../cadences.ts';

export type CheckName = 'pins' | 'parses' | 'kubernetes' | 'iam-policy' | 'claims' | 'cadence';

export interface SnippetFinding {
  check: CheckName;
  file: string;
  line: number;
  what: string;
  why: string;
}

export interface SkippedManifest {
  file: string;
  line: number;
  reason: string;
}

export interface GuideReport {
  findings: SnippetFinding[];
  skipped: SkippedManifest[];
  /** Fenced blocks read, by the parser that read them ('none' for languages no parser reads). */
  blocks: Record<string, number>;
  manifests: number;
  policies: number;
}

export interface CheckOptions {
  bashN: BashSyntaxCheck;
  kubernetes?: ValidatorLookup;
}

function firstLine(body: string, line = 1): string {
  return (body.split('\n')[line - 1] ?? '').trim().slice(0, 100);
}

/** Every finding in one guide. `file` is the path printed in findings; `guideId` is practice/slug. */
export async function checkGuide(file: string, source: string, options: CheckOptions): Promise<GuideReport> {
  const findings: SnippetFinding[] = [];
  const skipped: SkippedManifest[] = [];
  const blocks: Record<string, number> = {};
  let manifests = 0;
  let policies = 0;
  const lookup = options.kubernetes ?? builtInValidator;

  for (const block of fencedBlocks(source)) {
    const at = (line = 1) => block.line + line - 1;
    for (const pin of findUnpinned(block.body)) {
      findings.push({ check: 'pins', file, line: at(pin.line), what: `${pin.kind} ${pin.reference}`, why: pin.message });
    }
    const parser = parserFor(block.lang);
    blocks[block.lang || '(none)'] = (blocks[block.lang || '(none)'] ?? 0) + 1;
    if (parser === 'json' || parser === 'json5') {
      const parsed = parseJsonBlock(block.body, parser === 'json5');
      if ('problem' in parsed) {
        findings.push({ check: 'parses', file, line: at(parsed.problem.line), what: `${block.lang} block: ${firstLine(block.body, parsed.problem.line)}`, why: parsed.problem.message });
        continue;
      }
      for (const p of checkPoliciesIn(parsed.value)) findings.push({ check: 'iam-policy', file, line: at(), what: `IAM policy${p.at ? ` at ${p.at}` : ''}`, why: p.message });
      policies += policiesIn(parsed.value).length;
    } else if (parser === 'yaml') {
      const { documents, problems } = parseYamlBlock(block.body);
      for (const p of problems) findings.push({ check: 'parses', file, line: at(p.line), what: `${block.lang} block: ${firstLine(block.body, p.line)}`, why: p.message });
      for (const doc of documents) {
        if (!isManifest(doc.value)) continue;
        manifests++;
        const result = await checkManifest(doc.value, lookup);
        const name = `${doc.value.apiVersion} ${doc.value.kind}`;
        if (result.status === 'skipped') skipped.push({ file, line: at(doc.line), reason: result.reason });
        if (result.status === 'invalid') for (const p of result.problems) findings.push({ check: 'kubernetes', file, line: at(doc.line), what: name, why: p });
      }
    } else if (parser === 'shell') {
      for (const p of checkShellBlock(block.body, block.lang, options.bashN)) {
        findings.push({ check: 'parses', file, line: at(p.line), what: `${block.lang} block: ${firstLine(block.body, p.line)}`, why: p.message });
      }
    } else if (parser === 'hcl') {
      for (const p of await checkHclBlock(block.body)) {
        findings.push({ check: 'parses', file, line: at(p.line), what: `${block.lang} block: ${firstLine(block.body, p.line)}`, why: p.message });
      }
    }
  }

  const prose = [...frontmatterProse(source), ...proseBlocks(source)];
  for (const c of findUnsourcedClaims(proseBlocks(source))) {
    findings.push({ check: 'claims', file, line: c.line, what: c.sentence, why: `${c.claim} with no link to a source (http/https) in the same paragraph or list item` });
  }
  const guideId = /guides\/([^/]+\/[^/.]+)\.mdx?$/.exec(file)?.[1];
  for (const c of findCadenceMismatches(prose, cadences, guideId)) {
    findings.push({ check: 'cadence', file, line: c.line, what: c.sentence, why: c.message });
  }
  return { findings, skipped, blocks, manifests, policies };
}
