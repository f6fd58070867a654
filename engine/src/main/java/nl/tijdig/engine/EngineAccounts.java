package nl.tijdig.engine;

import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.OptimisticLockingException;
import org.operaton.bpm.engine.identity.Group;
import org.operaton.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Tijdig's own engine account (workers and web app use it on the REST API, never the
 * administrator's) and the case workers' group the exception task names, so Tasklist shows
 * the exceptions to the administrator from the first start.
 */
@Component
public class EngineAccounts implements ApplicationRunner {

  private static final Logger LOG = LoggerFactory.getLogger(EngineAccounts.class);

  private final IdentityService identity;
  private final String serviceUser;
  private final String servicePassword;
  private final String caseWorkerGroup;
  private final String adminUser;
  private final String adminPassword;

  public EngineAccounts(
      IdentityService identity,
      @Value("${tijdig.service-user}") String serviceUser,
      @Value("${tijdig.service-password}") String servicePassword,
      @Value("${tijdig.case-worker-group}") String caseWorkerGroup,
      @Value("${operaton.bpm.admin-user.id}") String adminUser,
      @Value("${operaton.bpm.admin-user.password}") String adminPassword) {
    this.identity = identity;
    this.serviceUser = serviceUser;
    this.servicePassword = servicePassword;
    this.caseWorkerGroup = caseWorkerGroup;
    this.adminUser = adminUser;
    this.adminPassword = adminPassword;
  }

  /** What Tijdig waits for in the engine's output before it signs in with its account. */
  static final String READY = "Tijdig engine accounts ready";
  private static final int ATTEMPTS = 5;

  @Override
  public void run(ApplicationArguments args) throws InterruptedException {
    // A sign-in with an old password (a caller that was quicker than this runner) updates the
    // account too; the engine refuses the second update, so the setup is simply tried again.
    for (int attempt = 1; ; attempt++) {
      try {
        ensureAccounts();
        LOG.info(READY);
        return;
      } catch (OptimisticLockingException e) {
        if (attempt == ATTEMPTS) throw e;
        LOG.info("engine accounts changed meanwhile; trying again");
        Thread.sleep(500L * attempt);
      }
    }
  }

  private void ensureAccounts() {
    ensurePassword(adminUser, adminPassword, "Tijdig", "Administrator");
    ensurePassword(serviceUser, servicePassword, "Tijdig", "Service");
    if (identity.createGroupQuery().groupId(caseWorkerGroup).singleResult() == null) {
      Group group = identity.newGroup(caseWorkerGroup);
      group.setName("Case workers");
      group.setType("WORKFLOW");
      identity.saveGroup(group);
    }
    if (identity.createUserQuery().userId(adminUser).memberOfGroup(caseWorkerGroup).count() == 0) {
      identity.createMembership(adminUser, caseWorkerGroup);
    }
  }

  /** Creates the account, or sets the configured password when it changed since the last start. */
  private void ensurePassword(String id, String password, String firstName, String lastName) {
    User user = identity.createUserQuery().userId(id).singleResult();
    if (user == null) {
      user = identity.newUser(id);
      user.setFirstName(firstName);
      user.setLastName(lastName);
      user.setPassword(password);
      identity.saveUser(user);
      LOG.info("created engine account {}", id);
    } else if (!identity.checkPassword(id, password)) {
      user.setPassword(password);
      identity.saveUser(user);
      LOG.info("updated the password of engine account {}", id);
    }
  }
}
