#!/usr/bin/env bash
# Proves that the running Keycloak realm issues the tokens the services rely on
# (docs/local-stack-contract.md): for alice by password grant and by authorization code + PKCE
# (a scripted login form), and client-credentials tokens for authcloud-services and
# sign-in-portal. Prints each token's decoded claims (never a token, its signature or a
# password) and exits non-zero when a check fails.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ISSUER=$KEYCLOAK_URL/realms/$REALM
TOKEN_URL=$ISSUER/protocol/openid-connect/token
AUTH_URL=$ISSUER/protocol/openid-connect/auth
APP_CLIENT=authenticator-app
APP_REDIRECT=authcloud://oauth/callback

FAILURES=0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

# The JSON payload of a JWT (the middle part, base64url without padding).
jwt_claims() {
  local payload
  payload=$(cut -d. -f2 <<<"$1" | tr '_-' '/+')
  while ((${#payload} % 4)); do payload+="="; done
  base64 -d <<<"$payload"
}

b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }

# check <description> <jq condition> <claims JSON>
check() {
  if jq -e "$2" <<<"$3" >/dev/null; then
    printf '  ok    %s\n' "$1"
  else
    printf '  FAIL  %s   (jq: %s)\n' "$1" "$2"
    FAILURES=$((FAILURES + 1))
  fi
}

# token_response <curl -d args...>: the token endpoint's JSON answer; fails on an error.
token_response() {
  local body
  body=$(curl -sS --max-time 10 "$TOKEN_URL" "$@") || die "token endpoint not reachable at $TOKEN_URL (is Keycloak up?)"
  if ! jq -e '.access_token' <<<"$body" >/dev/null 2>&1; then
    printf '  FAIL  token request: %s\n' "$(jq -c '{error, error_description}' <<<"$body" 2>/dev/null || echo "$body" | head -c 200)"
    FAILURES=$((FAILURES + 1))
    return 1
  fi
  echo "$body"
}

show_claims() {
  printf '\n== %s\n' "$1"
  jq -c 'del(.jti, .sid, .session_state)' <<<"$2"
}

# Checks every user token must pass (claims of docs/local-stack-contract.md).
check_user_claims() {
  local claims=$1
  check "iss is the realm" ".iss == \"$ISSUER\"" "$claims"
  check "aud contains authcloud-api" '[.aud] | flatten | index("authcloud-api") != null' "$claims"
  check "sub present" '.sub | type == "string" and length > 0' "$claims"
  check "preferred_username is alice" '.preferred_username == "alice"' "$claims"
  check "email" '.email == "alice@example.test"' "$claims"
  check "phone_number" '.phone_number == "+15550100001"' "$claims"
  check "tenant" '.tenant == "contoso"' "$claims"
  check "acr present" '.acr | type == "string" and length > 0' "$claims"
  check "realm_access.roles contains user" '.realm_access.roles | index("user") != null' "$claims"
  check "access token lives 300 s" '.exp - .iat == 300' "$claims"
}

# ---------------------------------------------------------------------------------------------
# Flows
# ---------------------------------------------------------------------------------------------

alice_password_grant() {
  local body claims
  body=$(token_response -d grant_type=password -d client_id="$APP_CLIENT" -d scope=openid \
    -d username=alice --data-urlencode password=alice-password) || return 0
  claims=$(jwt_claims "$(jq -r .access_token <<<"$body")")
  show_claims "alice, password grant ($APP_CLIENT): access token claims" "$claims"
  check_user_claims "$claims"
  claims=$(jwt_claims "$(jq -r .id_token <<<"$body")")
  check "ID token carries phone_number and tenant" '.phone_number == "+15550100001" and .tenant == "contoso"' "$claims"
}

# Authorization code + PKCE S256, as the app does it, with the login form filled in by curl.
alice_code_flow() {
  local verifier challenge state jar=$WORK/cookies page action location code body claims
  verifier=$(head -c 48 /dev/urandom | b64url)
  challenge=$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | b64url)
  state=$(head -c 12 /dev/urandom | b64url)

  page=$(curl -sS --max-time 10 -c "$jar" -b "$jar" -G "$AUTH_URL" \
    -d client_id="$APP_CLIENT" -d response_type=code -d scope=openid \
    --data-urlencode redirect_uri="$APP_REDIRECT" -d state="$state" \
    -d code_challenge="$challenge" -d code_challenge_method=S256)
  action=$(grep -o 'id="kc-form-login"[^>]*action="[^"]*"\|action="[^"]*"[^>]*id="kc-form-login"' <<<"$page" \
    | grep -o 'action="[^"]*"' | head -n 1 | sed 's/^action="//; s/"$//; s/&amp;/\&/g')
  if [[ -z "$action" ]]; then
    printf '  FAIL  the login page has no login form\n'
    FAILURES=$((FAILURES + 1))
    return 0
  fi
  # The answer redirects to authcloud://...: read Location instead of following it.
  location=$(curl -sS --max-time 10 -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' "$action" \
    -d username=alice --data-urlencode password=alice-password -d credentialId=)
  code=$(sed -n 's/.*[?&]code=\([^&]*\).*/\1/p' <<<"$location")
  check "login redirects to $APP_REDIRECT with the same state" \
    "startswith(\"$APP_REDIRECT?\") and (test(\"[?&]state=$state(&|$)\"))" "$(jq -Rn --arg l "$location" '$l')"
  if [[ -z "$code" ]]; then
    printf '  FAIL  no authorization code in the redirect\n'
    FAILURES=$((FAILURES + 1))
    return 0
  fi
  body=$(token_response -d grant_type=authorization_code -d client_id="$APP_CLIENT" -d code="$code" \
    --data-urlencode redirect_uri="$APP_REDIRECT" -d code_verifier="$verifier") || return 0
  claims=$(jwt_claims "$(jq -r .access_token <<<"$body")")
  show_claims "alice, authorization code + PKCE ($APP_CLIENT): access token claims" "$claims"
  check_user_claims "$claims"
  check "auth_time present (step-up, RFC 9470)" '.auth_time | type == "number"' "$claims"
  check "acr is 1 after a password sign-in" '.acr == "1"' "$claims"
}

# PKCE is required: an authorization request without a code challenge is refused (Keycloak
# redirects back with error=invalid_request instead of showing the login form).
pkce_required() {
  local location
  location=$(curl -sS --max-time 10 -o /dev/null -w '%{redirect_url}' -G "$AUTH_URL" \
    -d client_id="$APP_CLIENT" -d response_type=code -d scope=openid \
    --data-urlencode redirect_uri="$APP_REDIRECT")
  printf '\n== %s without code_challenge\n' "$APP_CLIENT"
  check "refused with error=invalid_request" 'test("[?&]error=invalid_request")' "$(jq -Rn --arg l "$location" '$l')"
}

client_credentials() {
  local client=$1 secret=$2 condition=$3 description=$4 body claims
  body=$(token_response -d grant_type=client_credentials -d client_id="$client" \
    --data-urlencode client_secret="$secret") || return 0
  claims=$(jwt_claims "$(jq -r .access_token <<<"$body")")
  show_claims "$client, client credentials: access token claims" "$claims"
  check "aud contains authcloud-api" '[.aud] | flatten | index("authcloud-api") != null' "$claims"
  check "$description" "$condition" "$claims"
}

# Tenant admins hold tenant-admin only: `user` is not a default role of the realm.
tenant_admin() {
  local body claims
  body=$(token_response -d grant_type=password -d client_id="$APP_CLIENT" \
    -d username=carol --data-urlencode password=carol-password) || return 0
  claims=$(jwt_claims "$(jq -r .access_token <<<"$body")")
  show_claims "carol, password grant: access token claims" "$claims"
  check "roles: tenant-admin, not user" \
    '(.realm_access.roles | index("tenant-admin") != null) and (.realm_access.roles | index("user") == null)' "$claims"
  check "tenant is contoso" '.tenant == "contoso"' "$claims"
}

short_lived() {
  local body claims
  body=$(token_response -d grant_type=password -d client_id=authcloud-test-short-lived \
    -d username=bob --data-urlencode password=bob-password) || return 0
  claims=$(jwt_claims "$(jq -r .access_token <<<"$body")")
  printf '\n== authcloud-test-short-lived, password grant (bob)\n'
  check "access token lives 1 s" '.exp - .iat == 1' "$claims"
  check "aud contains authcloud-api" '[.aud] | flatten | index("authcloud-api") != null' "$claims"
}

main() {
  url_ok "$REALM_DISCOVERY_URL" || die "realm $REALM is not served at $REALM_DISCOVERY_URL (run deploy/local/up.sh --infra-only)"
  alice_password_grant
  alice_code_flow
  pkce_required
  # shellcheck disable=SC2016 # jq variables, not shell ones
  client_credentials authcloud-services authcloud-services-local-secret \
    '(.resource_access["realm-management"].roles // []) as $r | ($r | index("view-users") != null) and ($r | index("query-users") != null)' \
    "realm-management roles view-users and query-users"
  client_credentials sign-in-portal sign-in-portal-local-secret \
    '.realm_access.roles | index("sign-in-service") != null' "realm role sign-in-service"
  tenant_admin
  short_lived
  echo
  if ((FAILURES)); then
    echo "smoke-tokens: $FAILURES check(s) FAILED"
    exit 1
  fi
  echo "smoke-tokens: all checks passed"
}

main "$@"
