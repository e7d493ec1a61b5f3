import { Module } from '@nestjs/common';
import { loadConfigOrExit } from '@hookline/config';
import { EventTypeCatalog } from '../event-types/event-type-catalog.service';
import { JobPublisher } from './job-publisher';
import { OperableEndpoint } from './operable-endpoint';
import { OPERATIONS_CONFIG, operationsConfigSpec } from './operations.config';
import { OperationsController } from './operations.controller';
import { Resends } from './resends';
import { TestEvents } from './test-events';

/**
 * Test events, resend and recover: operator actions that put work into the
 * delivery pipeline. DataSource, tenant access and the guard come from the
 * global modules; EventTypeCatalog is stateless, so this module has its own.
 */
@Module({
  controllers: [OperationsController],
  providers: [
    { provide: OPERATIONS_CONFIG, useFactory: () => loadConfigOrExit(operationsConfigSpec) },
    EventTypeCatalog,
    JobPublisher,
    OperableEndpoint,
    TestEvents,
    Resends,
  ],
})
export class OperationsModule {}
