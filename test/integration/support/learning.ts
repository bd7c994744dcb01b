/**
 * For the learning tests: earlier tests of the suite leave signals of their own (the verified
 * cascade's climbs on bug fixes, say), so a test that seeds a suggestion first says Never to
 * whatever is pending, and the one it seeds is then the one offered.
 */
import type { ModelRouterApi } from '../../../src/extension';

export async function neverPendingSuggestions(api: ModelRouterApi): Promise<void> {
  await api.learning.update();
  for (const suggestion of api.learning.current?.suggestions ?? []) await api.learning.act(suggestion.id, 'never');
  await api.learning.update();
}
