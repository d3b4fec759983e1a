import { africasTalking, africasTalkingEvents } from './africastalking.codec.js';
import { arkesel } from './arkesel.codec.js';
import { beem } from './beem.codec.js';
import type { GatewayCodec } from './codec.js';
import { flaresGet } from './flares-get.codec.js';
import { flares } from './flares.codec.js';
import { hubtel } from './hubtel.codec.js';
import { madapi } from './madapi.codec.js';
import { nalo } from './nalo.codec.js';
import { truRoute } from './truroute.codec.js';

/** Every gateway this service speaks. Adding one: its codec file, and one line here. */
export const GATEWAYS: readonly GatewayCodec<never>[] = [
  africasTalking,
  africasTalkingEvents,
  hubtel,
  arkesel,
  nalo,
  beem,
  truRoute,
  flares,
  flaresGet,
  madapi,
] as GatewayCodec<never>[];
