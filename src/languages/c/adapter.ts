import type { LanguageId } from '../../core/language.js';
import type { LanguageAdapter } from '../adapter.js';
import { collectIncludes, createCContext, type CContext } from './context.js';
import { parseC } from './tree.js';
import {
  AMBIGUOUS_HEADER_EXTENSIONS,
  isCTestPath,
  looksLikeCpp,
  recogniseCFrameworks,
} from './facts.js';

function load(language: 'c' | 'cpp'): LanguageAdapter<CContext>['load'] {
  return (source, path) => {
    const { root } = parseC(language, source);
    const includes = collectIncludes(root.tree.ofKind('preproc_include'));
    const facts = {
      path,
      language,
      testCode: isCTestPath(path),
      frameworks: recogniseCFrameworks(includes),
    };
    return { root, ctx: createCContext(root, source, facts, includes), facts };
  };
}

/** A `.h` file (C by its name) that uses C++ constructs is reviewed as C++. */
function refineHeader(path: string, source: string): LanguageId {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return AMBIGUOUS_HEADER_EXTENSIONS.includes(ext) && looksLikeCpp(source) ? 'cpp' : 'c';
}

export const cAdapter: LanguageAdapter<CContext> = {
  id: 'c',
  displayName: 'C',
  grammar: 'c',
  extensions: ['c', 'h', 'i'],
  // C is compiled, not interpreted: `#!/usr/bin/tcc -run` is the rare exception.
  shebang: /^#!.*\btcc\b.*-run\b/,
  lineComment: '//',
  isTestPath: isCTestPath,
  refine: refineHeader,
  load: load('c'),
};

export const cppAdapter: LanguageAdapter<CContext> = {
  id: 'cpp',
  displayName: 'C++',
  grammar: 'cpp',
  extensions: [
    'cc',
    'cpp',
    'cxx',
    'c++',
    'cp',
    'hpp',
    'hh',
    'hxx',
    'h++',
    'ipp',
    'tpp',
    'inl',
    'ii',
  ],
  shebang: /^#!.*\bcling\b/,
  lineComment: '//',
  isTestPath: isCTestPath,
  load: load('cpp'),
};
