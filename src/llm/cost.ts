import type { TokenUsage } from './providers/provider.js';

/** US dollars per million tokens. */
export interface Price {
  inputPerMTok: number;
  outputPerMTok: number;
}

/**
 * List prices (USD per million tokens, standard tier, no batch or cache discounts) of models people are
 * likely to name, as published by the vendors in 2025. They only drive estimates and --max-cost; check
 * the vendor's page for today's figure. A dated snapshot ("gpt-4.1-2025-04-14",
 * "claude-sonnet-4-5-20250929") costs what its family name costs.
 */
export const PRICES: Readonly<Record<string, Price>> = {
  'gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8 },
  'gpt-4.1-mini': { inputPerMTok: 0.4, outputPerMTok: 1.6 },
  'gpt-4.1-nano': { inputPerMTok: 0.1, outputPerMTok: 0.4 },
  'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10 },
  'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  'gpt-5': { inputPerMTok: 1.25, outputPerMTok: 10 },
  'gpt-5-mini': { inputPerMTok: 0.25, outputPerMTok: 2 },
  'gpt-5-nano': { inputPerMTok: 0.05, outputPerMTok: 0.4 },
  o3: { inputPerMTok: 2, outputPerMTok: 8 },
  'o4-mini': { inputPerMTok: 1.1, outputPerMTok: 4.4 },
  'claude-opus-4-1': { inputPerMTok: 15, outputPerMTok: 75 },
  'claude-opus-4': { inputPerMTok: 15, outputPerMTok: 75 },
  'claude-sonnet-4-5': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-sonnet-4': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-3-7-sonnet': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-haiku-4-5': { inputPerMTok: 1, outputPerMTok: 5 },
  'claude-3-5-haiku': { inputPerMTok: 0.8, outputPerMTok: 4 },
};

/**
 * The price of a model: the entry whose name equals the model or is the longest prefix of it followed by
 * "-" (a dated snapshot). Undefined means "unknown price": costs are then reported as unknown, never as 0.
 */
export function priceOf(model: string): Price | undefined {
  const m = model.toLowerCase();
  let best: string | undefined;
  for (const name of Object.keys(PRICES)) {
    if (
      (m === name || m.startsWith(`${name}-`)) &&
      (best === undefined || name.length > best.length)
    )
      best = name;
  }
  return best !== undefined ? PRICES[best] : undefined;
}

/** Dollars for a number of tokens at a price. */
export function costOf(usage: TokenUsage, price: Price): number {
  return (usage.inputTokens * price.inputPerMTok + usage.outputTokens * price.outputPerMTok) / 1e6;
}

/** Parses `--llm-price <input>,<output>` (USD per million tokens). */
export function parsePrice(text: string): Price | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*[,/]\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (m === null) return undefined;
  return { inputPerMTok: Number(m[1]), outputPerMTok: Number(m[2]) };
}

/** A cost to show: "$0.0123", or "unknown" when the price is unknown. */
export function formatUsd(usd: number | null): string {
  if (usd === null) return 'unknown';
  if (usd === 0) return '$0';
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

/**
 * The budget for one run: before each request the pipeline reserves the request's worst case
 * (estimated input + the output token limit); when the answer arrives the reservation is replaced by the
 * real usage. A request whose reservation would take the total past the limit is not sent.
 */
export interface Budget {
  /** Reserves the worst case of a request; false (nothing reserved) when it would exceed the limit. */
  reserve(worstCase: TokenUsage): boolean;
  /** Replaces a reservation with what the request really consumed (or the estimate when unreported). */
  settle(worstCase: TokenUsage, actual: TokenUsage): void;
  /** Dollars spent so far (settled requests only); null when the price is unknown. */
  spentUsd(): number | null;
}

export function createBudget(price: Price | undefined, maxCostUsd: number | undefined): Budget {
  let spent = 0;
  let reserved = 0;
  return {
    reserve(worstCase) {
      if (price === undefined || maxCostUsd === undefined) return true;
      const c = costOf(worstCase, price);
      if (spent + reserved + c > maxCostUsd) return false;
      reserved += c;
      return true;
    },
    settle(worstCase, actual) {
      if (price === undefined) return;
      if (maxCostUsd !== undefined) reserved = Math.max(0, reserved - costOf(worstCase, price));
      spent += costOf(actual, price);
    },
    spentUsd: () => (price === undefined ? null : spent),
  };
}
