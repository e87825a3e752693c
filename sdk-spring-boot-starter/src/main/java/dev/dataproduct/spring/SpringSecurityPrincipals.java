package dev.dataproduct.spring;

import dev.dataproduct.Principal;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** {@link ConsumerPrincipalResolver#fromSpringSecurity(String)}. */
final class SpringSecurityPrincipals implements ConsumerPrincipalResolver {
  static final String ANONYMOUS = "anonymous";
  private static final String ROLE_PREFIX = "ROLE_";

  private final String purposeHeader;

  SpringSecurityPrincipals(String purposeHeader) {
    this.purposeHeader = purposeHeader;
  }

  @Override
  public Principal resolve(HttpServletRequest request) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    Principal principal;
    if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
      principal = Principal.of(ANONYMOUS);
    } else {
      String[] roles = auth.getAuthorities().stream()
          .map(GrantedAuthority::getAuthority)
          .filter(a -> a != null && !a.isBlank())
          .map(a -> a.startsWith(ROLE_PREFIX) ? a.substring(ROLE_PREFIX.length()) : a)
          .distinct()
          .toArray(String[]::new);
      principal = Principal.of(auth.getName()).withRoles(roles);
    }
    return withPurposes(principal, request.getHeader(purposeHeader));
  }

  static Principal withPurposes(Principal principal, String header) {
    if (header == null || header.isBlank()) {
      return principal;
    }
    String[] purposes = Arrays.stream(header.split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).distinct().toArray(String[]::new);
    return principal.withPurposes(purposes);
  }
}
