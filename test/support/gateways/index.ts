import { africasTalkingJsonDriver } from './africastalking-json.driver';
import { africasTalkingDriver } from './africastalking.driver';
import { arkeselDriver } from './arkesel.driver';
import { beemDriver } from './beem.driver';
import type { GatewayDriver } from './driver';
import { emergentDriver } from './emergent.driver';
import { flaresGetDriver } from './flares-get.driver';
import { flaresAirtelMalawiDriver, flaresTrueFalseDriver } from './flares-xml-variants.driver';
import { flaresDriver } from './flares.driver';
import { hubtelDriver } from './hubtel.driver';
import { madapiDriver } from './madapi.driver';
import { naloDriver } from './nalo.driver';
import { truRouteServiceCodeDriver } from './truroute-service-code.driver';
import { truRouteDriver } from './truroute.driver';

/** Every gateway's driver: the conformance table's columns. */
export const DRIVERS: readonly GatewayDriver[] = [
  africasTalkingDriver,
  africasTalkingJsonDriver,
  hubtelDriver,
  emergentDriver,
  arkeselDriver,
  naloDriver,
  beemDriver,
  truRouteDriver,
  truRouteServiceCodeDriver,
  flaresDriver,
  flaresTrueFalseDriver,
  flaresAirtelMalawiDriver,
  flaresGetDriver,
  madapiDriver,
];
