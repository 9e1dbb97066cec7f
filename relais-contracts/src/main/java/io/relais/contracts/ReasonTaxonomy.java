package io.relais.contracts;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of reason codes, shared by the service that manages the taxonomy (context-service) and the one that
 * checks completions against it (routing-service), and the default taxonomy of a workspace that has not edited its
 * own: the demo retail bank's.
 */
public final class ReasonTaxonomy {

    /** Dotted lower-case segments: {@code cards}, {@code cards.lost}, {@code savings.new_offer}. At most 100 characters. */
    public static final Pattern CODE = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");

    public static final int MAX_CODE_LENGTH = 100;

    /** How many levels deep a code may go ({@code a.b.c}). */
    public static final int MAX_DEPTH = 3;

    private ReasonTaxonomy() {
    }

    public static boolean isWellFormed(String code) {
        return code != null && code.length() <= MAX_CODE_LENGTH && CODE.matcher(code).matches()
                && code.split("\\.").length <= MAX_DEPTH;
    }

    public static String parentOf(String code) {
        int dot = code.lastIndexOf('.');
        return dot < 0 ? null : code.substring(0, dot);
    }

    /** The taxonomy a workspace starts with: a retail bank's reasons for contacting its customer service. */
    public static final List<ReasonDefinition> DEFAULTS = List.of(
            r("accounts", "Comptes", "Accounts"),
            r("accounts.balance", "Solde et opérations", "Balance and transactions"),
            r("accounts.blocked", "Compte bloqué", "Blocked account"),
            r("accounts.closing", "Clôture de compte", "Closing an account"),
            r("accounts.opening", "Ouverture de compte", "Opening an account"),
            r("accounts.statement", "Relevés et attestations", "Statements and certificates"),
            r("cards", "Cartes", "Cards"),
            r("cards.blocked", "Carte bloquée", "Blocked card"),
            r("cards.fees", "Frais de carte", "Card fees"),
            r("cards.limit", "Plafonds de paiement et de retrait", "Payment and withdrawal limits"),
            r("cards.lost", "Carte perdue ou volée", "Lost or stolen card"),
            r("cards.renewal", "Renouvellement de carte", "Card renewal"),
            r("complaints", "Réclamations", "Complaints"),
            r("complaints.delay", "Délai de traitement", "Handling delay"),
            r("complaints.fees", "Frais contestés", "Disputed fees"),
            r("complaints.service", "Qualité de service", "Quality of service"),
            r("general", "Renseignements", "General enquiries"),
            r("general.address_change", "Changement d'adresse", "Change of address"),
            r("general.info", "Demande d'information", "Information request"),
            r("loans", "Crédits", "Loans"),
            r("loans.mortgage", "Crédit immobilier", "Mortgage"),
            r("loans.personal", "Prêt personnel", "Personal loan"),
            r("loans.repayment", "Remboursement et échéances", "Repayments and instalments"),
            r("online", "Banque en ligne", "Online banking"),
            r("online.app", "Application mobile", "Mobile app"),
            r("online.login", "Connexion et codes d'accès", "Login and passcodes"),
            r("payments", "Virements et prélèvements", "Transfers and direct debits"),
            r("payments.direct_debit", "Prélèvement", "Direct debit"),
            r("payments.disputed", "Opération contestée", "Disputed transaction"),
            r("payments.transfer", "Virement", "Transfer"),
            r("savings", "Épargne", "Savings"),
            r("savings.new_offer", "Nouvelle offre d'épargne", "New savings offer"),
            r("savings.open", "Ouvrir un livret", "Opening a savings account"),
            r("savings.rates", "Taux d'épargne", "Savings rates"),
            r("savings.withdrawal", "Retrait d'épargne", "Savings withdrawal"));

    private static ReasonDefinition r(String code, String fr, String en) {
        return new ReasonDefinition(code, fr, en, true);
    }
}
