package nl.tijdig.engine;

import org.operaton.bpm.engine.IdentityService;
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

  @Override
  public void run(ApplicationArguments args) {
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
