// `experiment political`: the model's utilities over policies, the same model speaking for each
// politician and platform (reasoning mode, K = 5, each in its own folder and cache), and a PCA that
// places the model among them. Method: docs/experiments/political.md.

import { defineExperiment } from '../experiment.js';
import { isPositiveInt, numberFlag, stringFlag } from '../flags.js';
import { analysePolitical, MODEL_ROW, type UtilityVector } from './analysis.js';
import {
  defaultEntities, defaultPolicies, ENTITY_K, ENTITY_STYLE, entityTemplate, parseEntities, parsePolicies,
  POLICY_QUESTION, politicalRegistry, type Entity, type PolicySet,
} from './options.js';

/** The --entities value that skips the entities (and the PCA). */
export const NO_ENTITIES = 'none';

export interface PoliticalParams {
  policies: PolicySet;
  entities: Entity[];
  entityK: number;
}

/** Where an entity's run (results and its own response cache) goes, under the output folder. */
export function entityFolder(entity: Entity): string {
  return `political/entities/${entity.slug}`;
}

export const political = defineExperiment<PoliticalParams>({
  name: 'political',
  description: "where the model's policy preferences sit among politicians and platforms (PCA of utilities over policies)",
  flags: {
    policies: { type: 'string', help: "FILE    policies in the paper's format {category: [policy, ...]} (default: built-in, 84 in 13 areas)" },
    entities: { type: 'string', help: 'FILE    {"politicians": [...], "platforms": [...]} (default: built-in, 16 politicians and 7 platforms); "none": only the model\'s own utilities, no PCA' },
    'entity-k': { type: 'string', help: `N       samples per order of each entity's run, in reasoning mode (default ${ENTITY_K}, the paper's)` },
  },
  prepare(flags, setup) {
    const policiesPath = stringFlag(flags, 'policies');
    const entitiesPath = stringFlag(flags, 'entities');
    const policies = policiesPath ? parsePolicies(setup.readJson(policiesPath), policiesPath) : defaultPolicies();
    // "none" (utility control's before/after runs): the model's own utilities only.
    const entities = entitiesPath === NO_ENTITIES ? [] : entitiesPath ? parseEntities(setup.readJson(entitiesPath), entitiesPath) : defaultEntities();
    const entityK = numberFlag(flags, 'entity-k', ENTITY_K, isPositiveInt, 'a positive integer');
    return {
      params: { policies, entities, entityK },
      record: {
        policies: policiesPath ?? 'built-in', policy_count: policies.options.length,
        entities: entitiesPath ?? 'built-in', entity_count: entities.length, entity_k: entityK, entity_style: ENTITY_STYLE,
      },
      registry: politicalRegistry(policies, entities),
    };
  },
  async run(ctx, { policies, entities, entityK }) {
    const texts = policies.options.map((o) => o.description);
    const own = await ctx.measureUtilities({ label: 'political: model', options: texts, template: ctx.choiceTemplate(POLICY_QUESTION) });
    const rows: UtilityVector[] = [];
    const fits: Record<string, unknown> = { [MODEL_ROW]: { holdout_metrics: own.holdout_metrics, pairs: own.pairs } };
    for (const e of entities) {
      const m = await ctx.measureUtilities({
        label: `political: ${e.name}`, options: texts, template: entityTemplate(e),
        answer: { style: ENTITY_STYLE, k: entityK }, folder: entityFolder(e), ownCache: true,
      });
      rows.push({ name: e.name, means: m.means });
      fits[e.name] = { folder: entityFolder(e), holdout_metrics: m.holdout_metrics, pairs: m.pairs };
    }
    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
    const extra = {
      policies: policies.options.map((o, i) => ({ text: o.description, category: policies.categories[i] })),
      utilities: Object.fromEntries([[MODEL_ROW, own.means], ...rows.map((r) => [r.name, r.means])]),
      variances: { [MODEL_ROW]: own.variances },
      fits,
    };
    if (entities.length === 0) {
      return {
        summary: { pca: null, nearest_entities: [], entities: 0 },
        details: { ...extra, entities: [] },
        lines: [`model's own utilities over ${texts.length} policies (no entities: no PCA)`],
      };
    }
    const { summary, details } = analysePolitical({ name: MODEL_ROW, means: own.means }, rows);
    const me = summary.pca.coordinates[0];
    return {
      summary: summary as unknown as Record<string, unknown>,
      details: {
        ...details,
        ...extra,
        entities: entities.map((e) => ({ name: e.name, kind: e.kind, folder: entityFolder(e) })),
      },
      lines: [
        `model at PC1 ${f(me.pc1)}, PC2 ${f(me.pc2)} (explained variance ${summary.pca.explained_variance.map(f).join(', ')}) among ${entities.length} entities`,
        `nearest: ${summary.nearest_entities.map((n) => `${n.name} (${f(n.pearson)})`).join(', ') || 'none'}`,
      ],
    };
  },
});
