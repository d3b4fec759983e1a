import { africasTalking, africasTalkingEvents } from './africastalking.codec.js';
import type { GatewayCodec } from './codec.js';

/** Every gateway this service speaks. Adding one: its codec file, and one line here. */
export const GATEWAYS: readonly GatewayCodec<never>[] = [africasTalking, africasTalkingEvents] as GatewayCodec<never>[];
