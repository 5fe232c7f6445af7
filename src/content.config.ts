/**
 * The site's content collections, loaded from the top-level `content/` folder.
 * Every entry is validated at build time; a bad field fails the build with the file and field named.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { ruleSetSchema } from './lib/rules/model.ts';
import { practiceIds, effortLevels } from './lib/practices.ts';

const slugList = z.array(z.string().regex(/^[a-z0-9-]+(\/[a-z0-9-]+)?$/)).default([]);

/**
 * Framework ids a checklist item or guide answers to, shown as "Maps to: …" (src/lib/frameworks/maps-to.ts).
 * Same shapes as a rule's ids; tests/unit/frameworks/checklist-ids.test.ts checks every id is known.
 */
const frameworkIds = {
  /** CIS Controls v8 safeguards, like '8.2'. */
  cisControls: z.array(z.string().regex(/^\d{1,2}\.\d{1,2}$/, "write a CIS Controls safeguard like '8.2'")).optional(),
  /** NIST CSF 2.0 subcategories, like DE.CM-01. */
  nistCsf: z.array(z.string().regex(/^[A-Z]{2}\.[A-Z]{2}-\d{2}$/, 'write a NIST CSF 2.0 subcategory like DE.CM-01')).optional(),
  /** CIS AWS Foundations v1.4.0 recommendations, like '3.1'. */
  cisAws: z.array(z.string().regex(/^\d{1,2}(\.\d{1,2}){1,2}$/, "write a CIS AWS Foundations id like '4.3'")).optional(),
  /** AWS Security Hub controls, like CloudTrail.1. */
  securityHub: z.array(z.string().regex(/^[A-Z][A-Za-z0-9]*\.\d{1,3}$/, 'write a Security Hub control id like CloudTrail.1')).optional(),
  /** MITRE ATT&CK techniques whose mitigation this answers, like T1078.004. */
  attack: z.array(z.string().regex(/^T\d{4}(\.\d{3})?$/, 'write an ATT&CK id like T1078')).optional(),
};

const guides = defineCollection({
  loader: glob({ base: './content/guides', pattern: '**/*.mdx' }),
  schema: z.strictObject({
    title: z.string().min(3).max(80),
    description: z.string().min(30).max(160),
    practice: z.enum(practiceIds),
    level: z.number().int().min(1).max(3),
    effort: z.enum(effortLevels),
    /** How long doing the steps takes, in words: "30 minutes", "half a day". */
    timeToDo: z.string().min(3).max(40),
    lastReviewed: z.coerce.date(),
    /** Position within its practice. */
    order: z.number().int().min(1),
    relatedChecklist: slugList,
    relatedRules: slugList,
    relatedGuides: slugList,
    ...frameworkIds,
  }),
});

const glossary = defineCollection({
  loader: glob({ base: './content/glossary', pattern: '*.md' }),
  schema: z.strictObject({
    term: z.string().min(1).max(60),
    /** One plain line, shown on hover and focus wherever the term is first used. */
    definition: z.string().min(10).max(160),
    aliases: z.array(z.string().min(1)).default([]),
    sayInstead: z.string().optional(),
    relatedGuides: slugList,
    /** Terms that look like acronyms but are not worth linking everywhere can opt out of auto-linking. */
    autoLink: z.boolean().default(true),
  }),
});

const checklist = defineCollection({
  loader: glob({ base: './content/checklist', pattern: '*.yaml' }),
  schema: z.strictObject({
    practice: z.enum(practiceIds),
    level: z.number().int().min(1).max(3),
    title: z.string().min(5).max(120),
    why: z.string().min(10),
    howToCheck: z.string().min(10),
    /** One plain sentence a reviewer can verify: when this item counts as done. */
    doneWhen: z.string().min(10).max(200),
    /** Days after which a done item needs checking again; left out where a re-check makes no sense. */
    cadenceDays: z.number().int().min(1).max(730).optional(),
    effort: z.enum(effortLevels),
    /** Position within its practice and level. */
    order: z.number().int().min(1),
    guide: z.string(),
    /** A Plainsec tool that does the check or the work, linked from the item's details. */
    tool: z.strictObject({ href: z.string().regex(/^\/[a-z0-9/-]*\/$/), title: z.string().min(5).max(120) }).optional(),
    ...frameworkIds,
  }),
});

const quiz = defineCollection({
  loader: glob({ base: './content/quiz', pattern: '*.yaml' }),
  schema: z.strictObject({
    practice: z.enum(practiceIds),
    topic: z.string(),
    level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    weight: z.union([z.literal(1), z.literal(2)]),
    value: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    effort: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    cadenceDays: z.number().int().positive().optional(),
    question: z.string().min(10),
    goodLooksLike: z.string().min(10),
    scale: z.enum(['coverage', 'frequency', 'scope']),
    guide: z.string(),
    checklist: z.array(z.string()).default([]),
    rules: z.array(z.string()).default([]),
  }),
});

const rules = defineCollection({
  loader: glob({ base: './content/rules', pattern: '*.yaml' }),
  schema: ruleSetSchema,
});

export const collections = { guides, glossary, checklist, quiz, rules };
