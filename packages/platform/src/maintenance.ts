import { pruneRateLimits } from "@academy/auth";
import type { Services } from "./services.ts";

/** The queue of housekeeping jobs; pg-boss's cron sends one per task at each of its moments. */
export const MAINTENANCE_QUEUE = "maintenance";

type MaintenanceServices = Pick<Services, "database" | "clock" | "jobs">;

/** Housekeeping that keeps tables from growing without bound, each on its own cron schedule (UTC). */
const MAINTENANCE_TASKS = {
  /** Rate-limit windows that have ended count nothing; without this the table only grows. */
  "prune-rate-limits": {
    cron: "0 * * * *",
    run: (services: MaintenanceServices) => pruneRateLimits(services.database.db, services.clock.now()),
  },
} as const;

export type MaintenanceTask = keyof typeof MAINTENANCE_TASKS;

interface MaintenanceJob {
  task: MaintenanceTask;
}

function isMaintenanceTask(name: unknown): name is MaintenanceTask {
  return typeof name === "string" && Object.hasOwn(MAINTENANCE_TASKS, name);
}

/** Runs one housekeeping task now: what its scheduled job does. */
export async function runMaintenance(services: MaintenanceServices, task: MaintenanceTask): Promise<void> {
  await MAINTENANCE_TASKS[task].run(services);
}

/**
 * Schedules the housekeeping tasks and works their jobs in this process. The schedules live in pg-boss's
 * tables, so any number of instances may call this: the cron fires once, and one instance runs each job.
 * `stop()` stops this process's worker and leaves the schedules to the others; call it before `jobs.stop()`.
 */
export async function startMaintenance(services: MaintenanceServices): Promise<{ stop(): Promise<void> }> {
  const { jobs } = services;
  await jobs.createQueue(MAINTENANCE_QUEUE, { retryLimit: 3, retryDelay: 60 });
  // A task dropped from the list keeps its schedule row until someone removes it: here.
  for (const schedule of await jobs.boss.getSchedules(MAINTENANCE_QUEUE)) {
    if (!isMaintenanceTask(schedule.key)) await jobs.unschedule(MAINTENANCE_QUEUE, schedule.key);
  }
  for (const task of Object.keys(MAINTENANCE_TASKS) as MaintenanceTask[]) {
    const job: MaintenanceJob = { task };
    await jobs.schedule(MAINTENANCE_QUEUE, MAINTENANCE_TASKS[task].cron, job, { key: task });
  }
  const workerId = await jobs.work(MAINTENANCE_QUEUE, async ([job]) => {
    const task = (job?.data as Partial<MaintenanceJob> | undefined)?.task;
    // A job of a task this version no longer has, sent before its schedule went: nothing to do.
    if (isMaintenanceTask(task)) await runMaintenance(services, task);
  });
  return {
    async stop() {
      await jobs.boss.offWork(MAINTENANCE_QUEUE, { id: workerId, wait: true });
    },
  };
}
