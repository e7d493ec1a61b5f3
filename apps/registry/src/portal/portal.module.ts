import { Module } from '@nestjs/common';
import { OperatorController } from '../operator/operator.controller';
import { PortalController } from './portal.controller';
import { PortalSessions } from './portal-sessions';

/** What the console needs beyond the API: one-time portal links and their sessions, `GET /v1/me`, the operator's triage list. */
@Module({
  controllers: [PortalController, OperatorController],
  providers: [PortalSessions],
})
export class PortalModule {}
