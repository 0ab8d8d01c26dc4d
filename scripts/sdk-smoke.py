#!/usr/bin/env python3
"""Smoke test of `esmigrate serve` with the official Cloudflare Python SDK (5.9.0), strict response
validation on: auto-paginated lists over several pages, get, create, edit, delete and batch for every
collection, and the domains bulk delete (whose array body the SDK method cannot send; see api-contract §8.2).

Environment: CLOUDFLARE_BASE_URL, CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_API_TOKEN (made-up test values).
"""
import os
import sys

import cloudflare
from cloudflare import Cloudflare
from cloudflare.pagination import SyncSinglePage
from cloudflare.types.email_security.settings import DomainBulkDeleteResponse

assert cloudflare.__version__ == "5.9.0", cloudflare.__version__
account = os.environ["CLOUDFLARE_ACCOUNT_ID"]
cf = Cloudflare(api_token=os.environ["CLOUDFLARE_API_TOKEN"], base_url=os.environ["CLOUDFLARE_BASE_URL"],
                _strict_response_validation=True, max_retries=0)
s = cf.email_security.settings
checks = 0


def check(condition, what):
    global checks
    if not condition:
        print(f"FAIL: {what}", file=sys.stderr)
        sys.exit(1)
    checks += 1


# allow_policies
created = [s.allow_policies.create(account_id=account, pattern=f"user{i}@example.com", pattern_type="EMAIL",
                                   is_regex=False, is_trusted_sender=False, is_acceptable_sender=True,
                                   is_exempt_recipient=False, verify_sender=True, comments=f"c{i}") for i in range(5)]
check(all(c.id for c in created), "allow create returns ids")
listed = list(s.allow_policies.list(account_id=account, per_page=2))
check(len(listed) == 5, f"allow auto-pagination over 3 pages: {len(listed)}")
got = s.allow_policies.get(created[0].id, account_id=account)
check(got.pattern == "user0@example.com", "allow get")
edited = s.allow_policies.edit(created[0].id, account_id=account, comments=None, is_trusted_sender=True)
check(edited.is_trusted_sender and edited.comments is None, "allow edit (partial, null clears)")
batch = s.allow_policies.batch(account_id=account, deletes=[{"id": created[1].id}],
                               patches=[{"id": created[2].id, "comments": "patched"}], puts=[],
                               posts=[{"pattern": "new.example", "pattern_type": "DOMAIN", "is_regex": False,
                                       "is_trusted_sender": False, "is_acceptable_sender": True,
                                       "is_exempt_recipient": False, "verify_sender": True}])
check(len(batch.deletes) == 1 and len(batch.posts) == 1 and batch.patches[0].comments == "patched", "allow batch")
deleted = s.allow_policies.delete(created[3].id, account_id=account)
check(deleted.id == created[3].id, "allow delete")
check(len(list(s.allow_policies.list(account_id=account, per_page=1000))) == 4, "allow count after batch/delete")

# block_senders
blocks = [s.block_senders.create(account_id=account, pattern=f"198.51.100.{i}", pattern_type="IP", is_regex=False)
          for i in range(1, 4)]
check(len(list(s.block_senders.list(account_id=account, per_page=1))) == 3, "block auto-pagination")
check(s.block_senders.get(blocks[0].id, account_id=account).pattern == "198.51.100.1", "block get")
check(s.block_senders.edit(blocks[0].id, account_id=account, comments="bot").comments == "bot", "block edit")
b = s.block_senders.batch(account_id=account, deletes=[{"id": blocks[1].id}], patches=[], puts=[], posts=[])
check(len(b.deletes) == 1, "block batch")
check(s.block_senders.delete(blocks[2].id, account_id=account).id == blocks[2].id, "block delete")

# trusted_domains
td = [s.trusted_domains.create(account_id=account, pattern=f"partner{i}.example", is_regex=False, is_recent=True,
                               is_similarity=False) for i in range(3)]
check(len(list(s.trusted_domains.list(account_id=account, per_page=2))) == 3, "trusted auto-pagination")
check(s.trusted_domains.get(td[0].id, account_id=account).is_recent, "trusted get")
check(s.trusted_domains.edit(td[0].id, account_id=account, is_similarity=True).is_similarity, "trusted edit")
t = s.trusted_domains.batch(account_id=account, deletes=[{"id": td[1].id}], patches=[], puts=[], posts=[])
check(len(t.deletes) == 1, "trusted batch")
check(s.trusted_domains.delete(td[2].id, account_id=account).id == td[2].id, "trusted delete")

# impersonation_registry (no batch)
reg = [s.impersonation_registry.create(account_id=account, name=f"Person {i}", email=f"p{i}@example.com",
                                       is_email_regex=False) for i in range(3)]
check(len(list(s.impersonation_registry.list(account_id=account, per_page=2))) == 3, "registry auto-pagination")
check(s.impersonation_registry.get(reg[0].id, account_id=account).name == "Person 0", "registry get")
check(s.impersonation_registry.edit(reg[0].id, account_id=account, name="Renamed").name == "Renamed", "registry edit")
check(s.impersonation_registry.delete(reg[1].id, account_id=account).id == reg[1].id, "registry delete")

# domains
doms = [s.domains.create(account_id=account, domain=f"d{i}.example.com", allowed_delivery_modes=["DIRECT"],
                         drop_dispositions=["MALICIOUS"], ip_restrictions=[], regions=["GLOBAL"]) for i in range(4)]
check(len(list(s.domains.list(account_id=account, per_page=3))) == 4, "domains auto-pagination")
check(s.domains.get(doms[0].id, account_id=account).domain == "d0.example.com", "domains get")
check(s.domains.edit(doms[0].id, account_id=account, lookback_hops=4).lookback_hops == 4, "domains edit")
up = s.domains.update(doms[0].id, account_id=account, allowed_delivery_modes=["BCC"], drop_dispositions=[],
                      ip_restrictions=["192.0.2.0/24"], regions=["US"], lookback_hops=2)
check(up.allowed_delivery_modes == ["BCC"], "domains update (PUT)")
db = s.domains.batch(account_id=account, deletes=[{"id": doms[1].id}], patches=[], puts=[], posts=[])
check(len(db.deletes) == 1, "domains batch")
check(s.domains.delete(doms[2].id, account_id=account).id == doms[2].id, "domains delete")
bulk = cf.get_api_list(f"/accounts/{account}/email-security/settings/domains", model=DomainBulkDeleteResponse,
                       page=SyncSinglePage[DomainBulkDeleteResponse], body=[{"id": doms[3].id}], method="delete")
check([x.id for x in bulk] == [doms[3].id], "domains bulk delete with an array body")
try:
    s.domains.bulk_delete(account_id=account)     # the SDK sends no body: must be refused, never "delete all"
    check(False, "a body-less bulk delete must be refused")
except cloudflare.BadRequestError:
    checks += 1
check(len(list(s.domains.list(account_id=account))) == 1, "exactly one domain left")

# accounts: the token is bound to one account, which is all it may list
accounts = list(cf.accounts.list())
check([a.id for a in accounts] == [account], "accounts list (bound token)")

print(f"sdk-smoke: {checks} passed, 0 failed")
