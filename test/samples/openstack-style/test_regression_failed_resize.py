# Written for secreview's test suite in the style of an OpenStack functional regression test: a resize
# that fails on the destination must leave the allocations on the source host only.
from unittest import mock

from nova import context as nova_context
from nova import exception
from nova.tests.functional import integrated_helpers


class TestResizeFailureRevertsAllocations(integrated_helpers.ProviderUsageBaseTestCase):
    compute_driver = "fake.SmallFakeDriver"

    def setUp(self):
        super().setUp()
        self.source = self._start_compute("host1")
        self.dest = self._start_compute("host2")
        self.ctxt = nova_context.get_admin_context()
        self.old_flavor = self.api.get_flavors()[0]
        self.new_flavor = self.api.get_flavors()[1]

    def _assert_usage(self, host, flavor):
        rp_uuid = self._get_provider_uuid_by_host(host)
        usages = self._get_provider_usages(rp_uuid)
        expected = {"VCPU": flavor["vcpus"], "MEMORY_MB": flavor["ram"],
                    "DISK_GB": flavor["disk"]}
        self.assertEqual(expected, usages)

    def test_resize_claim_failure(self):
        server = self._boot_and_check_allocations(self.old_flavor, "host1")

        with mock.patch("nova.compute.manager.ComputeManager._prep_resize",
                        side_effect=exception.ResizeError(reason="simulated")):
            self.api.post_server_action(server["id"],
                                        {"resize": {"flavorRef": self.new_flavor["id"]}})
            server = self._wait_for_state_change(server, "ERROR")

        self._assert_usage("host1", self.old_flavor)
        dest_rp = self._get_provider_uuid_by_host("host2")
        self.assertEqual({"VCPU": 0, "MEMORY_MB": 0, "DISK_GB": 0},
                         self._get_provider_usages(dest_rp))
        migrations = self.admin_api.api_get("/os-migrations").body["migrations"]
        self.assertEqual(1, len(migrations))
        self.assertEqual("error", migrations[0]["status"])
