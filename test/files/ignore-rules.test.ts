import { describe, expect, it } from 'vitest';
import { IgnoreOrigins, IgnoreScope, rebasePattern } from '../../src/files/ignore-rules.js';

describe('rebasePattern', () => {
  it.each([
    ['*.pyc', 'src', 'src/**/*.pyc'],
    ['build/', 'src', 'src/**/build/'],
    ['/build', 'src', 'src/build'],
    ['gen/out.py', 'src', 'src/gen/out.py'],
    ['**/tmp', 'src', 'src/**/tmp'],
    ['docs/**', 'a/b', 'a/b/docs/**'],
    ['!keep.py', 'src', '!src/**/keep.py'],
    ['!/keep.py', 'src', '!src/keep.py'],
    ['\\#literal', 'src', 'src/**/\\#literal'],
    ['build/   ', 'src', 'src/**/build/'],
    ['*.py', 'a[1]', 'a\\[1\\]/**/*.py'],
    ['*.py', '!x', '\\!x/**/*.py'],
    ['*.py', '', '*.py'],
  ])('%j in %j becomes %j', (line, base, rebased) => {
    expect(rebasePattern(line, base)).toBe(rebased);
  });

  it.each(['', '   ', '# a comment', '!'])('drops %j', (line) => {
    expect(rebasePattern(line, 'src')).toBeUndefined();
  });
});

describe('IgnoreScope', () => {
  const origins = new IgnoreOrigins(false);
  const root = IgnoreScope.create(
    origins,
    [],
    origins.parse('*.log\n!keep.log\n', '.secreviewignore', ''),
  );

  it('names the file and line of the rule that ignored a path', () => {
    expect(root.test('a/b.log', false)).toBe('.secreviewignore:1 (*.log)');
    expect(root.test('a/keep.log', false)).toBeUndefined();
    expect(root.test('a/b.py', false)).toBeUndefined();
  });

  it('lets a deeper ignore file override a shallower one', () => {
    const scope = IgnoreScope.create(origins, [], [])
      .extend(origins.parse('tmp/\n', '.gitignore', ''))
      .extend(origins.parse('!tmp/\n', 'pkg/.gitignore', 'pkg'));
    expect(scope.test('tmp', true)).toBe('.gitignore:1 (tmp/)');
    expect(scope.test('pkg/tmp', true)).toBeUndefined();
    expect(scope.test('pkg/tmp/x.py', false)).toBeUndefined();
    // Directory-only patterns do not match files.
    expect(scope.test('tmp', false)).toBeUndefined();
  });

  it('matches case-sensitively unless told otherwise', () => {
    const exact = IgnoreScope.create(origins, [], origins.parse('Build/', undefined, ''));
    expect(exact.test('build', true)).toBeUndefined();
    const folded = new IgnoreOrigins(true);
    const loose = IgnoreScope.create(folded, [], folded.parse('Build/', undefined, ''));
    expect(loose.test('build', true)).toBe("exclude pattern 'Build/'");
  });

  it('forgets every outside rule when detached', () => {
    expect(root.detach().test('a/b.log', false)).toBeUndefined();
  });
});
