/**
 * Retries a whole transaction when PostgreSQL aborts it as a deadlock victim (40P01) or a serialization
 * failure (40001): the transaction rolled back completely, so running it again is safe. Callbacks must
 * keep their side effects inside the database (files are written before the transaction opens).
 */
export const RETRYABLE = new Set(['40P01', '40001']);

export function retryableCode(e: unknown): string | undefined {
  const err = e as { code?: string; cause?: { code?: string } };
  const code = err?.code ?? err?.cause?.code;
  return code && RETRYABLE.has(code) ? code : undefined;
}

export async function withRetry<T>(run: () => Promise<T>, attempts = 4, onRetry?: (code: string, attempt: number) => void): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (e) {
      const code = retryableCode(e);
      if (!code || i >= attempts) throw e;
      onRetry?.(code, i);
      // A little jitter so two victims do not collide again in step.
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * i));
    }
  }
}
