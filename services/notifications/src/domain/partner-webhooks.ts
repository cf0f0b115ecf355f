/** Enough for any integration; keeps one client from making us fan out without bound. */
export const MAX_SUBSCRIPTIONS_PER_PARTNER = 25;

/** The event types a subscription listens to, each once, in the order first given. */
export const uniqueEvents = <Event>(events: Event[]): Event[] => [...new Set(events)];
