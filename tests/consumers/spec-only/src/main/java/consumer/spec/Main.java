package consumer.spec;

import io.hako.oci.DefaultSpec;
import io.hako.oci.OciJson;
import io.hako.oci.SpecValidator;
import io.hako.oci.config.Spec;
import java.util.List;

/** Edits the default configuration, validates it and reads its JSON back. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        Spec spec = DefaultSpec.create().withHostname("consumer");
        spec = spec.withProcess(spec.process().withArgs(List.of("echo", "hello")));
        Spec back = OciJson.readSpec(OciJson.write(spec));
        System.out.println("hostname " + back.hostname() + ", args " + back.process().args() + ", violations "
                + SpecValidator.validate(back).size());
    }
}
