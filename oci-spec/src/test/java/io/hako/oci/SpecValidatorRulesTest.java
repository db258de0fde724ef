package io.hako.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rules of config.md / config-linux.md read from the spec's text, each with the clause it checks: MUSTs beyond
 * the JSON schema, and valid configurations real engines write that a stricter reading would refuse.
 */
class SpecValidatorRulesTest {

    // ---- MUSTs beyond the schema ------------------------------------------------------------------------

    @Test
    void rootIsRequiredOnLinux() throws DocumentException {
        // config.md: "root ... On all other platforms [than Windows], this field is REQUIRED."
        assertViolations(List.of("/root"), "{\"ociVersion\":\"1.0.0\",\"linux\":{}}");
    }

    @Test
    void defaultErrnoRetNeedsAnActionThatReturnsAnErrno() throws DocumentException {
        // config-linux.md, defaultErrnoRet: "When the action doesn't support an errno, the runtime MUST print
        // and error and fail." (checked for a rule's errnoRet, not for the default's)
        assertViolations(List.of("/linux/seccomp/defaultErrnoRet"), linux(
                "\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"defaultErrnoRet\":1}"));
    }

    @Test
    void listenerMetadataNeedsAListenerPath() throws DocumentException {
        // config-linux.md, listenerMetadata: "This field MUST NOT be set if listenerPath is not set."
        assertViolations(List.of("/linux/seccomp/listenerMetadata"), linux(
                "\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerMetadata\":\"x\"}"));
    }

    @Test
    void idmapMountWithoutMappingsNeedsAUserNamespace() throws DocumentException {
        // config.md, idmap/ridmap: "If there are no uidMappings and gidMappings specified and the container
        // isn't using user namespaces, an error MUST be returned."
        assertViolations(List.of("/mounts/0/options/1"), "{\"ociVersion\":\"1.0.0\","
                + "\"root\":{\"path\":\"rootfs\"},\"mounts\":[{\"destination\":\"/data\",\"source\":\"/srv\","
                + "\"options\":[\"rbind\",\"idmap\"]}],\"linux\":{}}");
    }

    @Test
    void schemataLinesHaveNoNewline() throws DocumentException {
        // config-linux.md, intelRdt.schemata: "The value MUST NOT contain newlines."
        assertViolations(List.of("/linux/intelRdt/schemata/0"), linux(
                "\"intelRdt\":{\"schemata\":[\"L3:0=ff\\nMB:0=50\"]}"));
    }

    @Test
    void weightDeviceNeedsAWeight() throws DocumentException {
        // config-linux.md, blockIO.weightDevice: "You MUST specify at least one of weight or leafWeight in a
        // given entry."
        assertViolations(List.of("/linux/resources/blockIO/weightDevice/0"), linux(
                "\"resources\":{\"blockIO\":{\"weightDevice\":[{\"major\":8,\"minor\":0}]}}"));
    }

    @Test
    void rdmaEntryNeedsALimit() throws DocumentException {
        // config-linux.md, rdma: "You MUST specify at least one of the hcaHandles or hcaObjects in a given entry."
        assertViolations(List.of("/linux/resources/rdma/mlx5_1"), linux(
                "\"resources\":{\"rdma\":{\"mlx5_1\":{}}}"));
    }

    // ---- valid configurations a stricter reading would refuse ------------------------------------------

    @Test
    void closIdSlashIsTheDefaultClass() throws DocumentException {
        // config-linux.md, intelRdt.closID: "As a special case, value / means that the container MUST be
        // assigned to the default CLOS (the root of the resctrl filesystem)."
        assertViolations(List.of(), linux("\"intelRdt\":{\"closID\":\"/\"}"));
    }

    @Test
    void aNewUserNamespaceMayHaveNoMappings() throws DocumentException {
        // config-linux.md: uidMappings and gidMappings are OPTIONAL; crun spec --rootless writes a user namespace
        // without them (crun maps the caller itself). See ConfigsTest's crun-spec-rootless.json.
        assertViolations(List.of(), linux("\"namespaces\":[{\"type\":\"user\"}]"));
    }

    @Test
    void fileModeIsAUint32() throws DocumentException {
        // config-linux.md, devices: "fileMode (uint32, OPTIONAL)"; podman writes the whole st_mode (8576 =
        // 0o20600 for a character device). See ConfigsTest's podman-create-userns.json. (The JSON schema says
        // 0 to 511; the prose, runc and crun accept more.)
        assertViolations(List.of(), linux(
                "\"devices\":[{\"type\":\"c\",\"path\":\"/dev/fuse\",\"major\":10,\"minor\":229,\"fileMode\":8576}]"));
    }

    @Test
    void joiningAUserNamespaceWithItsMappingsIsAccepted() throws DocumentException {
        // containerd and CRI-O write both the path of a pod's user namespace and its mappings for Kubernetes
        // user namespaces; runc 1.2 accepts that when the mappings match the namespace's (a runtime check),
        // and the spec does not forbid it.
        assertViolations(List.of(), linux("\"namespaces\":[{\"type\":\"user\","
                + "\"path\":\"/proc/42/ns/user\"}],"
                + "\"uidMappings\":[{\"containerID\":0,\"hostID\":100000,\"size\":65536}],"
                + "\"gidMappings\":[{\"containerID\":0,\"hostID\":100000,\"size\":65536}]"));
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static void assertViolations(List<String> pointers, String json) throws DocumentException {
        var violations = SpecValidator.validate(OciJson.readSpec(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(pointers, violations.stream().map(Violation::pointer).toList(), violations::toString);
    }

    /** A valid config with these members in its Linux section. */
    private static String linux(String members) {
        return "{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"rootfs\"},\"process\":{\"cwd\":\"/\",\"args\":[\"sh\"]},"
                + "\"linux\":{" + members + "}}";
    }
}
