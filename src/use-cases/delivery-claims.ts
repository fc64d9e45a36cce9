/** A claim on one webhook delivery: mark it handled, or give it back so that a redelivery may handle it. */
export interface DeliveryClaim {
  done(): Promise<void>;
  release(): Promise<void>;
}

/**
 * Webhook delivery de-duplication across replicas: GitHub redelivers with the same `X-GitHub-Delivery`
 * id, and the replica that claims it first handles it; the others skip it.
 */
export interface DeliveryClaims {
  /** The claim, or null when the delivery was handled (or is being handled) elsewhere. */
  claim(deliveryId: string): Promise<DeliveryClaim | null>;
}

/** Without shared storage every delivery is handled (as by one process: the writes are idempotent). */
export const everyDelivery: DeliveryClaims = {
  async claim() {
    return { done: async () => undefined, release: async () => undefined };
  },
};
