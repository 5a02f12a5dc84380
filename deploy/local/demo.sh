#!/usr/bin/env bash
# Tells authcloud's story on the running local stack (start it with deploy/local/up.sh):
# alice backs up phone A, recovers on phone B (the key leaves only after a code from her mailbox),
# steps up with an email code and carol's QR code, meets each answer for when a backup is not
# available, recovers phone C with phone A's approval, stops a thief who has her password, reads her security
# activity, and moves from her iPhone to Android (the Android phone's recovery is refused with the way out, her
# iCloud backup moves to its Google Drive once a code from her mailbox allows it, and it recovers from there); and
# she removes a lost phone on the account security page; and frank, who leaves, erases everything authcloud keeps
# about him.
# Every step is a command of the simulated authenticator app (deploy/simulator); the phones' folders stay under
# run/demo-<time>.
set -euo pipefail

LOCAL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$LOCAL_DIR/../.." && pwd)
SIMULATOR=$REPO_ROOT/deploy/simulator/target/authcloud-simulator.jar
DEMO=$LOCAL_DIR/run/demo-$(date +%Y%m%d-%H%M%S)
export AUTHCLOUD_GATEWAY=${AUTHCLOUD_GATEWAY:-http://127.0.0.1:${AUTHCLOUD_GATEWAY_PORT:-8080}}

bold=$'\e[1m' dim=$'\e[2m' green=$'\e[32m' red=$'\e[31m' reset=$'\e[0m'
[[ -t 1 ]] || bold='' dim='' green='' red='' reset=''

say() { printf '\n%s%s%s\n' "$bold" "$*" "$reset"; }

# app <phone> <command...>: the simulated app on one phone, shown as typed.
app() {
  local phone=$1
  shift
  printf '%s$ %s %s%s\n' "$dim" "$phone" "$*" "$reset"
  java -jar "$SIMULATOR" --phone "$DEMO/$phone" "$@"
}

# tool <command...>: the admin's or the relying party's side.
tool() {
  printf '%s$ %s%s\n' "$dim" "$*" "$reset"
  java -jar "$SIMULATOR" "$@"
}

# refused <slug> <phone> <command...>: the step must be refused with that problem type.
refused() {
  local slug=$1 output
  shift
  if output=$(app "$@" 2>&1); then
    printf '%s\n%sexpected a refusal (%s), but the step succeeded%s\n' "$output" "$red" "$slug" "$reset"
    exit 1
  fi
  printf '%s\n' "$output"
  grep -q "$slug" <<<"$output" || { printf '%sexpected %s%s\n' "$red" "$slug" "$reset"; exit 1; }
}

code_of() { app "$1" codes | grep "$2" | awk '{print $NF}'; }

# new_person <username>: a person of their own in Keycloak (password <username>-password, a verified email
# <username>@example.test, the role user), through Keycloak's admin API with the local stack's admin login.
new_person() {
  local name=$1 kc=${KEYCLOAK_URL:-http://127.0.0.1:8180} token location role
  token=$(curl -fsS -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
    "$kc/realms/master/protocol/openid-connect/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
  location=$(curl -fsS -D - -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$name\",\"email\":\"$name@example.test\",\"emailVerified\":true,\"enabled\":true,\"firstName\":\"Demo\",\"lastName\":\"Person\",\"credentials\":[{\"type\":\"password\",\"value\":\"$name-password\",\"temporary\":false}]}" \
    "$kc/admin/realms/authcloud/users" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  role=$(curl -fsS -H "Authorization: Bearer $token" "$kc/admin/realms/authcloud/roles/user")
  curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "[$role]" \
    "$location/role-mappings/realm"
  printf '%s(a new person in Keycloak: %s)%s\n' "$dim" "$name" "$reset"
}

preflight() {
  curl -fsS -o /dev/null "$AUTHCLOUD_GATEWAY/healthz" \
    || { echo "The local stack is not running: start it with deploy/local/up.sh" >&2; exit 1; }
  if [[ ! -f $SIMULATOR ]]; then
    echo "Building the simulator (./mvnw -pl deploy/simulator -am package)..."
    (cd "$REPO_ROOT" && ./mvnw -B -q -pl deploy/simulator -am package -DskipTests)
  fi
  mkdir -p "$DEMO"
}

main() {
  preflight
  local icloud=alice-icloud-$RANDOM$RANDOM gmail=alice-gmail-$RANDOM$RANDOM
  export AUTHCLOUD_PASSWORD=alice-password   # alice types her password when asked to sign in again

  say "1. Alice sets up phone A (an iPhone) and turns on auto backup"
  app phone-a device init --platform ios --storage-account "$icloud"
  app phone-a signin --user alice --password alice-password
  app phone-a add personal --name alice@example.test
  app phone-a add work --ref contoso-work --tenant contoso --name alice@contoso.example
  app phone-a add totp 'otpauth://totp/Chirp:alice?secret=JBSWY3DPEHPK3PXP&issuer=Chirp'
  app phone-a add totp 'otpauth://totp/Shelf:alice%40mail?secret=KRSXG5CTMVRXEZLU&issuer=Shelf'
  app phone-a register-device
  app phone-a verify personal --mailbox alice@example.test
  tool admin issue-qr --admin carol --password carol-password --for alice --ref contoso-work --out "$DEMO/qr-a.png"
  app phone-a verify qr --ref contoso-work --file "$DEMO/qr-a.png"
  app phone-a backup
  app phone-a codes

  say "2. Alice gets phone B and recovers: same recovery account, same iCloud account"
  app phone-b device init --platform ios --storage-account "$icloud"
  app phone-b signin --user alice --password alice-password
  app phone-b backups
  # Her password alone does not release the backup key: she proves it is her with a code mailed to her.
  app phone-b recover --second-factor email --mailbox alice@example.test

  say "3. Third-party codes work at once, and are the same on both phones"
  local chirp_a chirp_b
  chirp_a=$(code_of phone-a Chirp) chirp_b=$(code_of phone-b Chirp)
  if [[ $chirp_a != "$chirp_b" ]]; then
    # The 30-second window may have turned between the two reads: read again.
    chirp_a=$(code_of phone-a Chirp) chirp_b=$(code_of phone-b Chirp)
  fi
  echo "Chirp on A: $chirp_a   Chirp on B: $chirp_b"
  [[ $chirp_a == "$chirp_b" ]] || { echo "${red}third-party codes differ${reset}"; exit 1; }

  say "4. The personal account steps up: a fresh password sign-in and a code by email"
  app phone-b register-device
  app phone-b verify personal --mailbox alice@example.test

  say "5. The work account: carol, contoso's admin, issues a QR code; phone B scans it"
  tool admin issue-qr --admin carol --password carol-password --for alice --ref contoso-work --out "$DEMO/qr-b.png"
  app phone-b verify qr --ref contoso-work --file "$DEMO/qr-b.png"
  app phone-b credentials

  say "6. Each phone has its own personal-account code, and both are accepted"
  local personal_a personal_b
  personal_a=$(code_of phone-a alice@example.test) personal_b=$(code_of phone-b alice@example.test)
  echo "personal code on A: $personal_a   on B: $personal_b"
  [[ $personal_a != "$personal_b" ]] || { echo "${red}the two phones show the same personal code${reset}"; exit 1; }
  tool portal verify-code --user alice --code "$personal_a"
  tool portal verify-code --user alice --code "$personal_b"

  say "7. A push sign-in is approved on phone B by number matching"
  local request number id
  request=$(tool portal push --user alice --ref personal --app "Contoso Mail")
  echo "$request"
  number=$(grep -o 'enter [0-9]*' <<<"$request" | awk '{print $2}')
  id=$(awk '/Sign-in request/ {print $3}' <<<"$request" | tr -d :)
  app phone-b approve --number "$number"
  tool portal status "$id"

  say "8. An Android phone finds alice's backup on the other platform"
  app android device init --platform android --storage-account "$gmail"
  app android signin --user alice --password alice-password
  refused backup-on-other-platform android recover

  say "9. A phone that already holds accounts is refused, so newer data is never overwritten"
  refused existing-accounts phone-a recover

  say "10. A deleted backup is reported with its undo deadline, restored, and recovered"
  app phone-a delete-backup
  app phone-c device init --platform ios --storage-account "$icloud"
  app phone-c signin --user alice --password alice-password
  refused backup-deleted phone-c recover
  app phone-a undelete-backup

  say "11. Phone C's recovery is approved on phone A: the number phone C shows, entered on phone A"
  local approval
  approval=$(app phone-c approval)
  echo "$approval"
  number=$(grep -o 'enter [0-9]*' <<<"$approval" | awk '{print $2}')
  app phone-a approve --number "$number"
  app phone-c recover

  say "12. A thief with alice's password gets no key, alice is told at once, and 'this wasn't me' stops them"
  local init thief_phone
  init=$(app thief device init --platform ios --storage-account "$icloud")
  echo "$init"
  thief_phone=$(awk '/^New / {sub(",", "", $4); print $4}' <<<"$init")
  app thief signin --user alice --password alice-password
  refused second-factor-required thief recover
  echo "alice's mail: \"A recovery of your authenticator was started\" on $thief_phone; phones A and B got a push too"
  tool not-me --mailbox alice@example.test --device "$thief_phone"

  say "13. Alice reads her security activity: one timeline from every service, never a secret"
  local activity tries=0
  until activity=$(app phone-a activity --limit 100) && grep -q 'not-me-reported' <<<"$activity"; do
    ((++tries < 30)) || { echo "${red}the 'this wasn't me' report never reached alice's activity${reset}"; exit 1; }
    sleep 1
  done
  head -n 12 <<<"$activity"
  echo "... $(grep -c "^[0-9]" <<<"$activity") entries read (the newest 100 at most)"
  for kind in backup-stored backup-deleted backup-restored recovery-started recovery-key-released credential-issued \
      push-sign-in-answered recovery-approval-answered not-me-reported; do
    grep -q "  $kind" <<<"$activity" || { echo "${red}alice's activity lacks $kind${reset}"; exit 1; }
  done

  say "14. Alice moves to Android: phone A's iCloud backup moves to the Android phone's Google Drive, which recovers it"
  # 'This wasn't me' signed alice out everywhere: her phones sign in again.
  app phone-a signin --user alice --password alice-password
  app phone-a backup
  app android signin --user alice --password alice-password
  refused backup-on-other-platform android recover
  # The refusal offers the move. alice holds several iCloud backups (earlier runs, the system tests) and it names one
  # of them: she moves phone A's. A fresh sign-in and a code from her mailbox allow it; the iCloud backup stays.
  app android transfer --from "icloud/$icloud" --mailbox alice@example.test
  local listed
  listed=$(app android backups)
  grep -Fw -e "$icloud" -e "$gmail" <<<"$listed" || true
  [[ $(grep -cFw -e "$icloud" -e "$gmail" <<<"$listed") == 2 ]] \
    || { echo "${red}the backup is not in both iCloud and Google Drive${reset}"; exit 1; }
  app android recover --second-factor email --mailbox alice@example.test
  local moved
  tries=0
  until moved=$(app android activity --limit 50) && grep -q '  backup-transferred' <<<"$moved"; do
    ((++tries < 30)) || { echo "${red}the move never reached alice's activity${reset}"; exit 1; }
    sleep 1
  done
  grep '  backup-transfer' <<<"$moved"
  echo "alice's mail: \"Your authenticator backup was moved\""

  say "15. Alice loses phone B: in a browser, on the account security page, she removes it, and its codes stop working"
  # The page is a browser's (http://127.0.0.1:8080/account/security; AccountSecurityPageTest drives Chromium):
  # here the simulator signs in on Keycloak's form and presses the button as a browser would.
  local phone_b_id code_b output
  phone_b_id=$(jq -r .deviceId "$DEMO/phone-b/device.json")
  tool account-page --user alice --password alice-password --remove-device "$phone_b_id"
  code_b=$(code_of phone-b alice@example.test)
  if output=$(tool portal verify-code --user alice --code "$code_b" 2>&1); then
    echo "$output"; echo "${red}phone B's code still works${reset}"; exit 1
  fi
  echo "$output"

  say "16. Frank leaves: everything authcloud keeps about him is erased, once a code from his mailbox confirms it"
  local frank=frank-$RANDOM$RANDOM
  new_person "$frank"
  app frank device init --platform android --storage-account "drive-$RANDOM$RANDOM"
  app frank signin --user "$frank" --password "$frank-password"
  app frank add totp 'otpauth://totp/Chirp:frank?secret=JBSWY3DPEHPK3PXP&issuer=Chirp'
  app frank add personal --name "$frank@example.test"
  app frank register-device
  AUTHCLOUD_PASSWORD=$frank-password app frank verify personal --mailbox "$frank@example.test"
  app frank backup
  AUTHCLOUD_PASSWORD=$frank-password app frank erase-me --mailbox "$frank@example.test"
  local left
  left=$(app frank backups | tail -n +2)   # the first line is the command, as typed
  [[ -z $left ]] || { echo "${red}frank still has backups: $left${reset}"; exit 1; }
  echo "(no backup left)"
  echo "frank's mail: \"Everything authcloud kept about you is erased\""

  printf '\n%sThe whole story ran on the real stack.%s Phones: %s\n' "$green" "$reset" "$DEMO"
  echo "Alice's security notices: http://127.0.0.1:${GREENMAIL_API_PORT:-8025}/api/user/alice@example.test/messages/INBOX/"
}

main "$@"
