import { Injectable } from '@nestjs/common';

/** The time outcome schedules are measured by; tests pass their own `now` to the notice sweep instead of waiting. */
@Injectable()
export class OutcomeClock {
  now(): Date {
    return new Date();
  }
}
