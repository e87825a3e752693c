package dev.dataproduct.spring;

import dev.dataproduct.Principal;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Who is reading, for a request to the HTTP API port. The auto-configuration provides one built
 * on Spring Security when it is on the class path ({@link #fromSpringSecurity(String)}); declare
 * your own bean to map another identity (an API gateway's headers, a JWT claim) to a {@link
 * Principal}.
 *
 * <pre>{@code
 * @Bean
 * ConsumerPrincipalResolver consumers() {
 *   return request -> Principal.of(request.getHeader("X-Consumer"))
 *       .withRoles(request.getHeader("X-Consumer-Role"));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ConsumerPrincipalResolver {

  /** The principal the access policies are evaluated for; never null. */
  Principal resolve(HttpServletRequest request);

  /**
   * The authenticated user of Spring Security's {@code SecurityContextHolder}: id from {@code
   * Authentication.getName()}, roles from the granted authorities ({@code ROLE_analyst} and {@code
   * analyst} both give role {@code analyst}), purposes from the comma-separated request header
   * {@code purposeHeader}. An unauthenticated or anonymous request is the principal {@code
   * anonymous} with no roles, which only a policy open to everyone lets read.
   */
  static ConsumerPrincipalResolver fromSpringSecurity(String purposeHeader) {
    return new SpringSecurityPrincipals(purposeHeader);
  }

  /**
   * The servlet container's user ({@code HttpServletRequest.getUserPrincipal()}), without roles
   * (the servlet API cannot list them), purposes from the header {@code purposeHeader}; {@code
   * anonymous} when the request is not authenticated. The fallback when Spring Security is absent:
   * only policies open to everyone (or naming no role) let such principals read.
   */
  static ConsumerPrincipalResolver fromServletRequest(String purposeHeader) {
    return request -> {
      java.security.Principal user = request.getUserPrincipal();
      Principal principal = Principal.of(user == null || user.getName() == null
          || user.getName().isBlank() ? SpringSecurityPrincipals.ANONYMOUS : user.getName());
      return SpringSecurityPrincipals.withPurposes(principal, request.getHeader(purposeHeader));
    };
  }
}
