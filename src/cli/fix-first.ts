/**
 * `plainsec fix-first`: scanner reports (Trivy, Grype, OSV-Scanner, Amazon Inspector, Security
 * Hub, Dependabot) become the upgrades to do, most urgent first, in plain words or as the
 * reference's JSON; `--fail-on` turns urgent work into exit code 1 for CI. A thin layer over
 * src/lib/fix-first.
 */
import { buckets, type Bucket, type Finding } from '../lib/fix-first/model.ts';
import { formatsRead, readReport } from '../lib/fix-first/detect.ts';
import { readKev } from '../lib/fix-first/kev.ts';
import { planFixes, planJson } from '../lib/fix-first/plan.ts';
import { planText } from '../lib/fix-first/words.ts';
import { exitCodes, parse, usageError, type Io } from './args.ts';
import { parseJson, readBytes, type Read } from './read.ts';

/** The largest report read: a scan of a big image is tens of MB; anything near this is a wrong pick. */
export const maxReportBytes = 200 * 1024 * 1024;

export const fixFirstHelp = `plainsec fix-first FILE... [--kev FILE] [--json] [--fail-on today|this-week]

Reads scanner reports and prints the upgrades to do, most urgent first, each with why.
Reads ${formatsRead()}, saved as JSON; give several files to plan them together.
Findings are grouped into upgrades (one package at one version in one place); each upgrade
goes in the most urgent bucket of its findings:
  today        known to be used in attacks (the report says so, or the KEV file lists it),
               and a fix exists
  this-week    a fix exists, and rated critical, or high with EPSS of 0.1 or more
  this-month   a fix exists, and rated high, or EPSS of 0.1 or more
  later        a fix exists
  no-fix-yet   no fixed version is named yet
When most holes of a container image are in system packages with fixes, the first step is to
rebuild it on a current base image.
  --kev FILE        CISA's list of known exploited vulnerabilities
                    (known_exploited_vulnerabilities.json from cisa.gov), to mark what
                    attackers are using now
  --json            print {"upgrades":[{"where","package","installed","target","bucket",
                    "findings":[{"id","aliases","severity","epss","kev","fixedIn"}],"why"}],
                    "counts":{"today","this-week","this-month","later","no-fix-yet"}};
                    target is a version, a list of choices where versions cannot be put in
                    order, or null when there is no fix; a rebuild step has package,
                    installed and target null and no findings; counts are findings per bucket
  --fail-on BUCKET  exit 1 when there is work in BUCKET or a more urgent one (today or this-week)
Exit code: 0 done, 1 work found for --fail-on, 2 bad input (the file and what is wrong are named).`;

/** The parsed JSON of a file, or a plain error naming the file. */
async function readJsonFile(file: string, kind: string): Promise<Read<unknown>> {
  const bytes = await readBytes(file, kind, {
    bytes: maxReportBytes,
    refusal: (size) => `it is ${(size / 1024 / 1024).toFixed(1)} MB, larger than the 200 MB Plainsec reads. Check that this is the report, not an image or a log.`,
  });
  if (!bytes.ok) return bytes;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.value);
  } catch {
    return { ok: false, error: `${file}: this is not text (it is not UTF-8). Save the report as JSON and try again.` };
  }
  return parseJson(text, file);
}

export async function fixFirst(args: string[], io: Io): Promise<number> {
  const p = parse(args, { kev: { type: 'string' }, json: { type: 'boolean' }, 'fail-on': { type: 'string' } });
  if (!p.ok) return usageError(io, 'fix-first', p.error);
  if (p.values['help']) return (io.out(fixFirstHelp), exitCodes.ok);
  if (p.positionals.length === 0) return usageError(io, 'fix-first', 'name one or more scanner reports, like: plainsec fix-first trivy.json');
  const failOn = p.values['fail-on'];
  if (failOn !== undefined && failOn !== 'today' && failOn !== 'this-week') return usageError(io, 'fix-first', `--fail-on takes today or this-week, not "${String(failOn)}"`);

  let kevIds = new Set<string>();
  const kevFile = p.values['kev'];
  if (typeof kevFile === 'string') {
    const json = await readJsonFile(kevFile, 'KEV file');
    if (!json.ok) return (io.err(json.error), exitCodes.badInput);
    const kev = readKev(json.value);
    if (!kev.ok) return (io.err(`${kevFile}: ${kev.error}`), exitCodes.badInput);
    kevIds = kev.ids;
  }

  // Every file is read before anything is printed, and every problem is named, not just the first.
  const findings: Finding[] = [];
  const problems: string[] = [];
  for (const file of p.positionals) {
    const json = await readJsonFile(file, 'report');
    if (!json.ok) {
      problems.push(json.error);
      continue;
    }
    const report = readReport(json.value);
    if (report.ok) findings.push(...report.findings);
    else problems.push(`${file}: ${report.kevFile ? report.error.replace(/give it as the KEV file instead\.$/, 'give it with --kev FILE instead.') : report.error}`);
  }
  if (problems.length > 0) return (io.err(problems.join('\n')), exitCodes.badInput);

  const plan = planFixes(findings, kevIds);
  io.out(p.values['json'] ? JSON.stringify(planJson(plan), null, 2) : planText(plan));
  if (failOn === undefined) return exitCodes.ok;
  const urgent = buckets.slice(0, buckets.indexOf(failOn as Bucket) + 1);
  const found = plan.upgrades.some((u) => u.package !== null && urgent.includes(u.bucket));
  if (found && !p.values['json']) io.err(`Work found in ${urgent.join(' or ')}: exit code 1 (--fail-on ${failOn}).`);
  return found ? exitCodes.checkFailed : exitCodes.ok;
}
