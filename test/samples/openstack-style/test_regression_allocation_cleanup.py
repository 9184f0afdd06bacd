# Written for secreview's test suite in the style of an OpenStack functional regression test: test code
# that drives services through fixtures and compares resource usage. A careful security reviewer finds no
# defect here, and neither must secreview.
from nova import test
from nova.tests import fixtures as nova_fixtures
from nova.tests.functional import integrated_helpers
from nova.tests.unit import policy_fixture


class TestAllocationCleanupAfterLocalDelete(test.TestCase,
                                            integrated_helpers.InstanceHelperMixin):
    """The placement allocations of a server deleted while its compute host
    was down must be released once the host comes back.
    """

    def setUp(self):
        super().setUp()
        self.useFixture(policy_fixture.RealPolicyFixture())
        self.useFixture(nova_fixtures.NeutronFixture(self))
        self.useFixture(nova_fixtures.GlanceFixture(self))
        self.placement = self.useFixture(nova_fixtures.PlacementFixture()).api
        api_fixture = self.useFixture(nova_fixtures.OSAPIFixture(api_version="v2.1"))
        self.api = api_fixture.api
        self.admin_api = api_fixture.admin_api
        self.start_service("conductor")
        self.start_service("scheduler")
        self.compute = self.start_service("compute", host="host1")
        self.flavor = self.api.get_flavors()[0]

    def _usages(self, rp_uuid):
        url = "/resource_providers/%s/usages" % rp_uuid
        return self.placement.get(url).body["usages"]

    def _provider_uuid(self, host):
        providers = self.placement.get("/resource_providers?name=%s" % host).body
        return providers["resource_providers"][0]["uuid"]

    def test_local_delete_releases_allocations(self):
        rp_uuid = self._provider_uuid("host1")
        self.assertEqual({"VCPU": 0, "MEMORY_MB": 0, "DISK_GB": 0}, self._usages(rp_uuid))

        server = self._build_server(flavor_id=self.flavor["id"], networks="none")
        server = self.api.post_server({"server": server})
        server = self._wait_for_state_change(server, "ACTIVE")

        usages = self._usages(rp_uuid)
        self.assertEqual(self.flavor["vcpus"], usages["VCPU"])
        self.assertEqual(self.flavor["ram"], usages["MEMORY_MB"])

        compute_service = self.admin_api.get_services(binary="nova-compute", host="host1")[0]
        self.admin_api.put_service(compute_service["id"], {"forced_down": True})
        self.compute.stop()

        self.api.delete_server(server["id"])
        self._wait_until_deleted(server)

        self.admin_api.put_service(compute_service["id"], {"forced_down": False})
        self.compute.start()
        self.compute.manager.update_available_resource(self.context)

        self.assertEqual({"VCPU": 0, "MEMORY_MB": 0, "DISK_GB": 0}, self._usages(rp_uuid))
