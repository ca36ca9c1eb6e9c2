import { describe, expect, it } from 'vitest';
import { DEFAULT_TAG_RULES } from '../../src/tags/default-tag-rules.js';
import { tagRuleSchema } from '../../src/tags/tag-rule.js';

describe('DEFAULT_TAG_RULES', () => {
  it('are valid rules with distinct tags, English and Chinese labels and descriptions', () => {
    for (const rule of DEFAULT_TAG_RULES) {
      expect(tagRuleSchema.safeParse(rule).success, rule.tag).toBe(true);
      expect(rule.description).toBeTruthy();
    }
    expect(new Set(DEFAULT_TAG_RULES.map((r) => r.tag)).size).toBe(DEFAULT_TAG_RULES.length);
    expect(new Set(DEFAULT_TAG_RULES.map((r) => r.labelZh)).size).toBe(DEFAULT_TAG_RULES.length);
    expect(DEFAULT_TAG_RULES.map((r) => r.tag)).toContain('salary_customer');
  });
});
