package dev.beacon.it.spring.examples.payments;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The "payments" service of docs/spring.md's sample: registers itself and answers /pay. */
@SpringBootApplication
public class PaymentsApplication {
    @RestController
    static class PayController {
        @GetMapping("/pay")
        String pay() {
            return "paid";
        }
    }
}
