// EXPR_REGEX_UNSAFE: a regex literal that can backtrack exponentially (a JSONata timeout cannot interrupt a match in
// progress, so one hostile field value would hang every flow of the runtime). EXPR_REGEX_SLOW (warning): polynomial
// backtracking, slow only on long inputs. EXPR_EVAL: `$eval` runs data as an expression, which no load-time check
// can see; definitions compute with expressions written in them.
import { CompiledExpression } from '../expr/compiled-expression.js';
import { regexComplexity } from '../expr/regex-complexity.js';
import type { Check } from './check-context.js';

export const checkExpressionHazards: Check = {
  name: 'expression-hazards',
  run(ctx) {
    for (const site of ctx.sites) {
      if (site.language !== 'expression' || !(site.compiled instanceof CompiledExpression)) continue;
      const { regexes, evalUses } = site.compiled.hazards();
      const at = (span: { offset: number; length: number }) => site.file.locateInScalar(site.path, span.offset, Math.max(1, span.length));
      for (const use of evalUses) {
        ctx.reportAt(site.file, at(use), 'EXPR_EVAL', '`$eval` runs data as an expression: not allowed in definitions', {
          hint: 'write the expression itself here; to choose between computations by data, use a condition (`? :`) or a lookup object',
        });
      }
      for (const regex of regexes) {
        const verdict = regexComplexity(regex.pattern, regex.flags);
        if (verdict.kind === 'exponential') {
          ctx.reportAt(site.file, at(regex), 'EXPR_REGEX_UNSAFE', `/${regex.pattern}/ can backtrack exponentially: an input such as ${verdict.attack} would hang the runtime`, {
            hint: 'remove nested or overlapping repetition, e.g. (a+)+ -> a+, (\\w+\\s?)* -> [\\w\\s]*',
          });
        } else if (verdict.kind === 'polynomial') {
          ctx.reportAt(site.file, at(regex), 'EXPR_REGEX_SLOW', `/${regex.pattern}/ takes time of degree ${verdict.degree} in the input's length on inputs such as ${verdict.attack}`, {
            severity: 'warning',
            hint: 'anchor it or make its repetitions exclusive if it can see long values (a whole response body, a file)',
          });
        }
      }
    }
  },
};
