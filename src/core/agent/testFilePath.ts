/**
 * Where Write Tests for This File puts its file: beside the source, named the way the language's
 * common test runners find it, or the file itself when it already is a test.
 */

const TEST_NAME = /(^test_.*\.py$)|(_test\.(py|go)$)|(\.(test|spec)\.[cm]?[jt]sx?$)|(Tests?\.(java|kt|cs)$)/;

/** Whether a file name already looks like a test file. */
export function isTestFile(path: string): boolean {
  return TEST_NAME.test(baseName(path));
}

/**
 * The test file for a source path, in the same folder: `a/b.ts` → `a/b.test.ts`,
 * `pkg/util.py` → `pkg/test_util.py`, `x.go` → `x_test.go`, `Foo.java` → `FooTest.java`.
 */
export function testFilePath(path: string): string {
  if (isTestFile(path)) return path;
  const slash = path.lastIndexOf('/');
  const folder = path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const extension = dot > 0 ? name.slice(dot + 1) : '';
  switch (extension) {
    case 'py':
      return `${folder}test_${name}`;
    case 'go':
      return `${folder}${stem}_test.go`;
    case 'java':
    case 'kt':
    case 'cs':
      return `${folder}${stem}Test.${extension}`;
    case '':
      return `${folder}${name}.test`;
    default:
      return `${folder}${stem}.test.${extension}`;
  }
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
