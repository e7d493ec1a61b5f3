import { Module } from '@nestjs/common';
import { EndpointHistoryController } from './endpoint-history.controller';
import { HistoryQueries } from './history.queries';
import { MessagesController } from './messages.controller';

/** Message history, stats and health: reads of the projector's tables. DataSource and tenant access come from the global modules. */
@Module({
  controllers: [EndpointHistoryController, MessagesController],
  providers: [HistoryQueries],
})
export class HistoryModule {}
