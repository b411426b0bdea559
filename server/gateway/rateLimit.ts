// Per-device token buckets: a steady allowance per second with room for a burst; a refused request learns when to retry.

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until one request would be allowed again (for Retry-After); 0 when allowed. */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedAtMs: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly nowMs: () => number = () => performance.now(),
    /** Past this many keys the oldest is forgotten (it starts again with a full bucket): memory stays bounded. */
    private readonly maxKeys: number = 100_000,
  ) {}

  take(key: string): RateDecision {
    const now = this.nowMs();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, updatedAtMs: now };
    // A clock stepped backwards adds nothing and takes nothing: tokens never go below zero, and the refill resumes once
    // the clock is past the last time seen (no time is counted twice).
    bucket.tokens = Math.min(this.burst, bucket.tokens + (Math.max(0, now - bucket.updatedAtMs) / 1000) * this.perSecond);
    bucket.updatedAtMs = Math.max(bucket.updatedAtMs, now);
    if (!this.buckets.has(key)) {
      this.buckets.set(key, bucket);
      if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  clear(): void {
    this.buckets.clear();
  }
}
