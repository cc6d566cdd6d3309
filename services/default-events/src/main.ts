import 'reflect-metadata';
import { runServiceMain } from '@riskpool/service-kit';
import { defaultEventsDefinition } from './default-events.service-definition';

runServiceMain(defaultEventsDefinition);
