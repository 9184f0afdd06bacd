/**
 * What a sentence or list item says about defects: claims one, denies one, hedges, or says nothing.
 * Models write "No apparent issues", "Not applicable", "appears safe" when they mean no defect, and
 * "is vulnerable", "could allow an attacker", "is not sanitized" when they mean one. Strong claims beat
 * denials in the same item ("no CSRF token issues, but the query at line 9 is vulnerable"); denials
 * beat weak claims and hedges ("could lead to issues if ... ; not directly a security defect").
 */

export type Stance = 'defect' | 'no-defect' | 'hedged' | 'none';

const STRONG_DEFECT: readonly RegExp[] = [
  /\b(?:is|are|was|were|remains?|becomes?)\s+(?:(?!not\b|never\b|no\b)\w+\s+)?(?:vulnerable|susceptible|exploitable|insecure|unsafe)\b/i,
  /\bcould allow\b/i,
  /\b(?:appears?|seems?|looks?)\s+(?:to\s+be\s+)?(?:unsafe|vulnerable|insecure|exploitable)\b/i,
  /\|\s*(?:vulnerable|fail(?:ed)?|defect|insecure)\s*(?:\||$)/i,
  /(?<!\bno\s)\b(?:attackers?|adversary)\b[^.;]{0,60}?\b(?:can|could)\s+(?:(?!not\b)\w+\s+)?(?:recover|read|execute|run|inject|bypass|access|forge|steal|obtain|crack|write|delete|modify|use|exhaust|escalate|impersonate)\b/i,
  /\b(?:lets|enables?|permits?)\s+(?:an?\s+)?(?:\w+\s+)?(?:attackers?|malicious)/i,
  /\ballows?\s+(?:an?\s+)?(?:\w+\s+)?(?:attackers?|users?\s+to|remote|malicious|unauthenticated|arbitrary)/i,
  /(?<!\bno\s)\b(?:attackers?|malicious\s+users?|an adversary)\s+(?:can|could|may|is able to|are able to)(?!\s*not\b|n't)/i,
  /\b(?:introduces?|contains?|has|creates?|there is)\s+(?:an?\s+)?(?:[\w-]+\s+){0,3}(?:vulnerability|injection|flaw|security defect|security bug)\b/i,
  /\bleads?\s+to\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}(?:injection|traversal|code execution|command execution|disclosure|overflow|bypass|denial of service|leak)/i,
  /\bseverity\s*[:=]\s*\**\s*(?:critical|high|medium)\b/i,
  /\b(?:vulnerability|defect|security issue|weakness)\s*(?:found|detected|identified)?\s*:\s*\S/i,
  /\bresults? in\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}(?:injection|traversal|execution|disclosure|overflow|bypass)/i,
];

const WEAK_DEFECT: readonly RegExp[] = [
  /\bdo(?:es)?(?:n't| not)\s+(?:check|verify|validate|sanitize|sanitise|escape|authenticate|authori[sz]e|close|release|limit|restrict|enforce)\b/i,
  /\b(?:is|are)\s+not\s+(?:properly\s+|correctly\s+|sufficiently\s+)?(?:validated|sanitized|sanitised|escaped|checked|authori[sz]ed|authenticated|verified|closed|released|encrypted|quoted|neutrali[sz]ed)\b/i,
  /\b(?:missing|lacks?|lacking|without)\s+(?:any\s+)?(?:proper\s+)?(?:authori[sz]ation|authentication|input validation|validation|sanitization|sanitisation|escaping|bounds checks?|access checks?|permission checks?)\b/i,
  /\b(?:hard-?coded|plaintext|clear-?text)\s+(?:password|secret|credential|key|token)s?\b/i,
  /\buser[- ](?:controlled|supplied|provided)\s+(?:\w+\s+){0,3}(?:is|are)\s+(?:passed|used|concatenated|interpolated|formatted)/i,
];

const DENIAL: readonly RegExp[] = [
  /\bno\s+(?:[\w-]+\s+){0,3}(?:issues?|defects?|vulnerabilit(?:y|ies)|problems?|concerns?|signs?|evidence|indications?|risks?|weakness(?:es)?|flaws?|deviations?|violations?)\b/i,
  /\bnot\s+(?:\w+\s+){0,2}(?:applicable|detected|found|evident|present|relevant|identified|observed|apparent|a concern)\b/i,
  /(?<!\bnot\s)(?<!n't\s)(?<!\bnot\s\w+\s)\b(?:correctly|properly|adequately|appropriately|safely)\b(?!\s+(?:validated|sanitized|sanitised|escaped|checked))/i,
  /\bn\/a\b/i,
  /\b(?:is|are|was|were)(?:\s+not|n't)\s+(?:\w+\s+)?(?:vulnerable|susceptible|exploitable)\b/i,
  /\b(?:cannot|can't|could not|couldn't)\s+be\s+(?:exploited|abused|controlled|influenced)\b/i,
  /(?:^|[|:.]\s*)not\s+(?:an?\s+)?(?:security\s+)?(?:issue|problem|defect|vulnerability|vulnerable|concern|risk|exploitable)\b/i,
  /\|\s*(?:ok|okay|pass(?:ed)?|safe|secure|none|no|clean|no issues?)\s*(?:\||$)/i,
  /:\s*(?:none|no|ok|okay|safe|clean|pass(?:ed)?|fine)\s*[.!]?\s*$/i,
  /\b(?:is|are)\s+(?:(?!not\b)\w+\s+)?(?:correct|fine|safe|secure|sound|appropriate|adequate)\b/i,
  /\bno\s+(?:[\w-]+\s+){0,2}(?:input|data)\s+(?:\w+\s+){0,2}(?:reaches|flows|is passed|gets)\b/i,
  /\b(?:appears?|seems?|looks?|looked)\s+(?:to\s+(?:be\s+)?)?(?:(?!not\b|un)\w+\s+)?(?:safe|secure|correct|fine|appropriate|adequate|well[- ]\w+|properly|handled|managed|in place|sound)\b/i,
  /\b(?:is|are)\s+(?:(?!not\b)\w+\s+)?(?:properly|correctly|adequately|appropriately|safely)\b/i,
  /\b(?:handled|managed|performed|done|used|implemented)\s+(?:(?!not\b)\w+\s+)?(?:properly|correctly|adequately|appropriately|safely)\b/i,
  /\bdo(?:es)?(?:n't| not)\s+(?:\w+\s+){0,2}(?:exhibit|show|involve|contain|deal|introduce|expose|disable|bypass|have any|pose)\b/i,
  /\b(?:isn't|is not|aren't|are not)\s+(?:directly\s+|necessarily\s+)?(?:an?\s+)?(?:direct\s+)?(?:security\s+)?(?:defect|issue|flaw|vulnerability|concern|problem|risk)/i,
  /\brather than\s+(?:\w+\s+){0,3}(?:flaws?|defects?|vulnerabilit(?:y|ies)|issues?)\b/i,
  /\bnot\s+to\s+exhibit\b/i,
  /\b(?:is|are|seems?|appears?)\s+(?:\w+\s+)?acceptable\b/i,
  /\b(?:none|nothing)\s+(?:was\s+|were\s+)?(?:found|detected|identified|to report)\b/i,
  /\b(?:good|standard|best) practices?\b/i,
  /\b(?:safe|secure|ok|okay|clean|passed)\s*[.!]?\s*$/i,
  /^\s*(?:safe|secure|ok|okay|clean|pass(?:ed)?|none|no)\b/i,
  /\b(?:mitigates?|minimi[sz]es?|minimi[sz]ing|reduces?|reducing)\s+(?:the\s+)?risks?\b/i,
];

const HEDGE: readonly RegExp[] = [
  /\b(?:might|may|could|possibly|potentially|perhaps|likely)\b/i,
  /\b(?:hard|difficult|impossible)\s+to\s+(?:fully\s+)?(?:assess|determine|tell|say)\b/i,
  /\bwithout\s+(?:the\s+)?(?:full|more|further|additional)\s+context\b/i,
  /\bcannot\s+be\s+(?:determined|assessed|ruled out)\b/i,
];

function any(patterns: readonly RegExp[], text: string): boolean {
  return patterns.some((p) => p.test(text));
}

export function classifyStance(text: string): Stance {
  if (any(STRONG_DEFECT, text)) return 'defect';
  const denies = any(DENIAL, text);
  if (denies) return 'no-defect';
  if (any(WEAK_DEFECT, text)) return 'defect';
  if (any(HEDGE, text)) return 'hedged';
  return 'none';
}

/** The exact verdict, tolerant of markdown emphasis, case and final punctuation. */
const EXACT_VERDICT = /no security defects are detected in the code/i;

/** Equivalent ways of saying "no defects" about the code under review. */
const NO_DEFECT_VERDICTS: readonly RegExp[] = [
  /\bno\s+(?:[\w-]+\s+){0,2}(?:security\s+)?(?:defects?|vulnerabilit(?:y|ies)|issues|weaknesses|flaws|problems)\s+(?:[\w-]+\s+){0,8}?(?:are|were|was|is|have been|has been|could be)?\s*(?:detected|found|identified|present|evident|reported|apparent)\b/i,
  /\b(?:i|we)\s+(?:found|detected|identified|see|saw)\s+no\s+(?:[\w-]+\s+){0,2}(?:defects?|vulnerabilit(?:y|ies)|issues|weaknesses|flaws)\b/i,
  /\bthere\s+(?:are|were)\s+no\s+(?:[\w-]+\s+){0,2}(?:security\s+)?(?:defects?|vulnerabilit(?:y|ies)|issues|weaknesses|flaws)\b/i,
  /\b(?:does|did)\s+not\s+(?:contain|have|exhibit|show)\s+(?:any\s+)?(?:[\w-]+\s+){0,2}(?:security\s+)?(?:defects?|vulnerabilit(?:y|ies)|issues|weaknesses|flaws)\b/i,
  /\bthe\s+code\s+(?:is|appears|looks|seems)\s+(?:to\s+be\s+)?(?:secure|safe|free\s+of\s+(?:security\s+)?(?:defects|vulnerabilities))\b/i,
];

/** Words that put a "no defects" sentence about something other than this review of this code. */
const VERDICT_DISQUALIFIERS =
  /\b(?:cannot|can't|could not|couldn't|unable|whether|unless|until|further|other|additional|remaining|previous|earlier|prior|before the change|linter|bandit|semgrep|scanner|static analy[sz]\w*|tool|other files?|does not mean|doesn't mean|does not equate|not equate|not guarantee|would|if)\b/i;

export type VerdictSignal = 'exact' | 'equivalent';

/** Whether `sentence` states that the code has no security defects. */
export function noDefectVerdict(sentence: string): VerdictSignal | undefined {
  const clean = sentence.replace(/[*_`]/g, '');
  if (EXACT_VERDICT.test(clean)) {
    return /\b(?:cannot|can't|not say|whether|unless|if)\b/i.test(clean) ? undefined : 'exact';
  }
  if (VERDICT_DISQUALIFIERS.test(clean)) return undefined;
  return NO_DEFECT_VERDICTS.some((p) => p.test(clean)) ? 'equivalent' : undefined;
}

const REFUSAL =
  /^\s*(?:i'?m sorry|i am sorry|sorry,|i (?:cannot|can't|won't|will not|am unable to|'m unable to)\s+(?:help|assist|review|comply|provide|do that)|as an ai\b)/i;

export function isRefusal(text: string): boolean {
  return (
    REFUSAL.test(text) ||
    /\b(?:can(?:no|')t|unable to)\s+(?:help|assist) with (?:that|this)\b/i.test(text.slice(0, 300))
  );
}
