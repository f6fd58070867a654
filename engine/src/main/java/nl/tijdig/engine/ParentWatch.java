package nl.tijdig.engine;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When Tijdig started this engine (TIJDIG_PARENT_PID set), the engine ends with it: a Tijdig
 * process that was killed, not stopped, must not leave a Java process holding the port and
 * the database.
 */
@Component
public class ParentWatch {

  private static final Logger LOG = LoggerFactory.getLogger(ParentWatch.class);
  private static final long HALT_AFTER_MS = 15_000;

  private final long parentPid;
  private final ApplicationContext context;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "tijdig-parent-watch");
    thread.setDaemon(true);
    return thread;
  });

  public ParentWatch(@Value("${TIJDIG_PARENT_PID:0}") long parentPid, ApplicationContext context) {
    this.parentPid = parentPid;
    this.context = context;
  }

  @EventListener(ContextRefreshedEvent.class)
  public void watch() {
    if (parentPid <= 0) return;
    timer.scheduleWithFixedDelay(() -> {
      boolean alive = ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false);
      if (!alive) {
        LOG.warn("Tijdig (pid {}) is gone; stopping the engine", parentPid);
        // An orderly stop can hang when Tijdig's embedded database went down with it: end regardless.
        Thread halt = new Thread(() -> {
          try {
            Thread.sleep(HALT_AFTER_MS);
          } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
          }
          Runtime.getRuntime().halt(1);
        }, "tijdig-parent-watch-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(SpringApplication.exit(context, () -> 0));
      }
    }, 2, 2, TimeUnit.SECONDS);
  }
}
