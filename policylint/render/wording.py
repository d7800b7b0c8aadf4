"""Plain English for every value a reader sees: the schema's enum values (one table, checked by a test to cover them
all), durations, dates and places. The renderer never shows a machine value: "P6Y" is "6 years", "US" is "the
United States", `legitimate_interests` is "our legitimate interests"."""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

from policylint.model import PartialDate

WORDS: dict[str, str] = {
    'acceptance_by_use': 'acceptance by use', 'access': 'access your data', 'access_control': 'access control',
    'account_credentials': 'account credentials', 'account_settings': 'your account settings',
    'acquirer': 'buyers of our business', 'actual_knowledge_of_children': 'actual knowledge of children',
    'adequacy': 'adequacy', 'advertiser': 'advertisers', 'advertising': 'advertising',
    'affects_others': 'affects others', 'affiliate': 'companies in our group', 'after_inactivity': 'after inactivity',
    'aggregate': 'aggregate', 'aggregated_data': 'aggregated data', 'aggregation': 'aggregation',
    'aim': 'we aim to answer within', 'analytics': 'analytics', 'analytics_provider': 'analytics providers',
    'analytics_tool': 'analytics tool', 'anonymisation': 'anonymisation', 'anonymous': 'anonymous',
    'applies': 'applies', 'archiving_research_statistics': 'archiving research statistics', 'at_least': 'at least',
    'at_most': 'at most', 'authorities': 'authorities',
    'automated_decisions': 'not to be subject to automated decisions', 'automatic': 'collected automatically',
    'bcrs': 'binding corporate rules', 'below_thresholds': 'below thresholds', 'biometric': 'biometric',
    'biometric_information': 'biometric information', 'blocking': 'blocking', 'both': 'both',
    'browser_settings': 'your browser settings', 'business_partner': 'business partners',
    'business_thresholds': 'business thresholds', 'business_transfer': 'business transfer',
    'by_reference': 'set out in the provisions referred to',
    'caloppa': 'California Online Privacy Protection Act (CalOPPA)', 'case_by_case': 'decided case by case',
    'ccpa': 'California Consumer Privacy Act (CCPA/CPRA)', 'certification': 'certification', 'certified': 'certified',
    'ch_fadp': 'Swiss Federal Act on Data Protection (FADP)', 'charge': 'a fee is charged',
    'check_back': 'check back', 'children': 'children', 'choices': 'choices',
    'citizenship_or_immigration_status': 'citizenship or immigration status',
    'collects_from_residents': 'collects from residents', 'combined': 'combined limits',
    'commercial_information': 'commercial information', 'communications_content': 'communications content',
    'compelling_legitimate_grounds': 'compelling legitimate grounds', 'complaint': 'complain to an authority',
    'complies': 'complies', 'comply_with_law': 'comply with law', 'confidential': 'confidential',
    'confidentiality': 'confidentiality', 'confidentiality_obligations': 'confidentiality obligations',
    'consent': 'your consent', 'consent_for_material_changes': 'consent for material changes', 'contest': 'contest',
    'contract': 'performing a contract with you', 'contractual': 'contractual',
    'control_visibility': 'control who sees your information', 'controller': 'controller',
    'cookie_settings': 'the cookie settings', 'cookies': 'cookies',
    'coppa': "Children's Online Privacy Protection Act (COPPA)", 'correct': 'correct inaccurate data',
    'credit_reference_agency': 'credit reference agencies', 'criminal_offences': 'criminal offences',
    'criteria': 'by criteria', 'customer': 'customer', 'customer_records': 'customer records',
    'customer_service': 'customer service', 'data_accuracy': 'data accuracy', 'data_categories': 'data categories',
    'data_minimisation': 'data minimisation', 'data_storage': 'data storage', 'data_subject': 'you',
    'de_identified': 'de-identified', 'definitions': 'definitions', 'delete': 'have your data deleted',
    'deletion': 'deletion', 'deletion_on_consent_withdrawal': 'deletion on consent withdrawal',
    'derogation': 'derogation', 'device_identifiers': 'device identifiers', 'direct_notice': 'telling you directly',
    'directed_to_children': 'directed to children', 'discloses': 'discloses', 'does_not_apply': 'does not apply',
    'dot': 'Department of Transportation', 'dpf': 'Data Privacy Framework',
    'dpf_self_certification': 'dpf self certification', 'dpo': 'data protection officer', 'draft': 'draft',
    'education_information': 'education information', 'email': 'email',
    'employment_social_security': 'employment social security', 'encoder': 'encoder', 'encryption': 'encryption',
    'encryption_at_rest': 'encryption at rest', 'encryption_in_transit': 'encryption in transit',
    'eprivacy': 'EU ePrivacy Directive and the national cookie laws that implement it',
    'erasure': 'have your data erased', 'escalate_complaint': 'escalate a complaint',
    'establishment': 'establishment', 'eu_adr': 'EU dispute resolution provider',
    'eu_dpa_panel': "EU data protection authorities' panel", 'eu_us': 'EU-U.S. DPF',
    'eu_us_dpf': 'EU-U.S. Data Privacy Framework', 'exact': 'exactly', 'excessive': 'excessive',
    'explicit_consent': 'explicit consent', 'fax': 'fax', 'financial_account': 'financial account', 'first': 'first',
    'fr_data_protection_act': 'French Data Protection Act (Act No 78-17 of 6 January 1978)',
    'fraud_prevention_agency': 'fraud prevention agencies', 'free': 'free',
    'free_unless_unfounded_or_excessive': 'free unless the request is manifestly unfounded or excessive',
    'ftc': 'Federal Trade Commission', 'functional': 'functional', 'further_copies': 'further copies',
    'gdpr': 'EU General Data Protection Regulation (GDPR)', 'general': 'general', 'genetic': 'genetic',
    'geolocation': 'geolocation', 'gibraltar_gra': 'gibraltar gra', 'government_identifier': 'government identifier',
    'health': 'health', 'health_or_social_care': 'health or social care', 'honoured': 'honoured',
    'human_intervention': 'human intervention', 'identifiers': 'identifiers',
    'idta': 'International Data Transfer Agreement (UK)', 'in_writing': 'in writing', 'incomplete': 'incomplete',
    'indefinite': 'indefinite', 'independent_controller': 'independent controller', 'individuals': 'individuals',
    'inferences': 'inferences', 'informed': 'be informed', 'instructions_only': 'instructions only',
    'internal_use_only': 'internal use only', 'internet_activity': 'internet activity',
    'introduction': 'introduction', 'invalid': 'invalid', 'joint': 'joint', 'joint_controller': 'joint controller',
    'know': 'know what we collect', 'legal_claims': 'legal claims', 'legal_compliance': 'legal compliance',
    'legal_obligation': 'a legal obligation we have', 'legal_requirement': 'legal requirement',
    'legitimate_interests': 'our legitimate interests', 'limit_sensitive': 'limit use of sensitive information',
    'limited_purposes': 'limited purposes', 'local_storage': 'local storage', 'log_files': 'log files',
    'longest_of': 'whichever is longer of', 'made_public_by_subject': 'made public by subject',
    'manifestly_unfounded': 'manifestly unfounded', 'marketing': 'marketing',
    'marketing_choices': 'marketing choices', 'markup_residue': 'markup residue',
    'may_charge': 'a fee may be charged', 'may_not_honour': 'may not honour', 'mentioned': 'mentioned',
    'monitoring': 'monitoring', 'monitors_behaviour': 'monitors behaviour',
    'necessary_for_service': 'necessary for service', 'no_automated_decision_making': 'no automated decision making',
    'no_consent_reliance': 'no consent reliance', 'no_cookies': 'no cookies',
    'no_criminal_offence_data': 'no criminal offence data', 'no_cross_site_tracking': 'no cross site tracking',
    'no_device_access': 'no device access', 'no_disclosure': 'no disclosure',
    'no_establishment_or_targeting': 'no establishment or targeting',
    'no_individual_tracking': 'no individual tracking',
    'no_knowing_collection_from_children': 'no knowing collection from children',
    'no_other_collection': 'no other collection', 'no_personal_data_in_logs': 'no personal data in logs',
    'no_processor_own_use': 'no processor own use', 'no_profiling': 'no profiling',
    'no_publication': 'no publication', 'no_real_name_required': 'no real name required', 'no_rental': 'no rental',
    'no_sale': 'no sale', 'no_sensitive_personal_information': 'no sensitive personal information',
    'no_sharing': 'no sharing',
    'no_sharing_for_cross_context_advertising': 'no sharing for cross context advertising',
    'no_sign_up': 'no sign up', 'no_special_categories': 'no special categories',
    'no_storage_of_payment_data': 'no storage of payment data',
    'no_third_party_marketing': 'no third party marketing',
    'no_transfer_to_third_parties': 'no transfer to third parties', 'non_discrimination': 'non-discrimination',
    'none': 'none', 'not_directed': 'not directed', 'not_directed_to_children': 'not directed to children',
    'not_for_profit_body': 'not for profit body', 'not_honoured': 'not honoured',
    'not_linked_to_identity': 'not linked to your identity', 'not_required': 'not required',
    'not_stated': 'not stated', 'notify_if_unable': 'notify if unable', 'obfuscated': 'obfuscated',
    'object_direct_marketing': 'object to direct marketing', 'objection': 'object to processing',
    'off_site': "on another's site (such as a payment provider's pages)",
    'offers_goods_or_services': 'offers goods or services', 'on_our_site': 'on our site',
    'only_as_instructed': 'only as instructed', 'only_purposes': 'only purposes',
    'only_recipients': 'only recipients', 'opt_in': 'opt-in', 'opt_out': 'opt-out',
    'opt_out_interest_based_ads': 'opt out of interest-based ads', 'opt_out_marketing': 'opt out of marketing',
    'opt_out_preference_signal': 'opt-out preference signal', 'opt_out_publication': 'ask us not to publish',
    'opt_out_sale': 'opt out of sale', 'opt_out_sale_sharing': 'opt out of sale or sharing',
    'opt_out_sharing': 'opt out of sharing',
    'opt_out_third_party_disclosure': 'opt out of disclosure to third parties', 'optional': 'optional',
    'organisation': 'organisation', 'other': 'other', 'other_means': 'other means',
    'other_stated_basis': 'a basis that is not a transfer mechanism', 'other_third_party': 'other third parties',
    'parental_consent': 'parental consent', 'parental_guidance': 'parental guidance',
    'parental_request': 'parental request', 'partner_collection': 'partner collection',
    'payment_processor': 'payment processors', 'pecr': 'Privacy and Electronic Communications Regulations (PECR)',
    'period': 'for a fixed period', 'personalisation': 'personalisation', 'phone': 'phone', 'physical': 'physical',
    'pixels': 'pixels', 'point_of_view': 'point of view', 'policies_and_review': 'policies and review',
    'political_opinions': 'political opinions', 'portability': 'data portability',
    'post_mortem_instructions': 'leave instructions for after your death',
    'post_on_site': 'posting the new version on our site', 'postal': 'postal',
    'precise_geolocation': 'precise geolocation', 'privacy_office': 'privacy office',
    'privacy_shield': 'Privacy Shield (invalidated)', 'processor': 'processor', 'processor_role': 'processor role',
    'professional_adviser': 'professional advisers', 'professional_information': 'professional information',
    'promptly_within': 'promptly, and in any case within', 'protected_classifications': 'protected classifications',
    'protection': 'protection', 'pseudonymisation': 'pseudonymisation', 'pseudonymous': 'pseudonymous',
    'public': 'anyone (made public)', 'public_authority': 'public authorities', 'public_health': 'public health',
    'public_interest': 'public interest', 'public_task': 'a task in the public interest',
    'publicly_available': 'public sources', 'purpose_limitation': 'purpose limitation', 'purposes': 'purposes',
    'racial_or_ethnic_origin': 'racial or ethnic origin', 'recipient_mechanism': 'recipient mechanism',
    'recipients': 'recipients', 'rectification': 'correct your data',
    'religious_or_philosophical_beliefs': 'religious or philosophical beliefs', 'remains_liable': 'remains liable',
    'replacement_character': 'replacement character', 'reporting': 'reporting', 'representative': 'representative',
    'requested_service': 'requested service', 'research': 'research', 'reseller': 'resellers',
    'restriction': 'restrict processing', 'rights': 'rights', 'rights_of_others': 'the rights of others',
    'safe_harbor': 'Safe Harbor (invalidated)', 'sale': 'sale', 'same_protection': 'same protection',
    'sccs': 'standard contractual clauses', 'schedule_reference': 'by a retention schedule', 'scope': 'scope',
    'scripts': 'scripts', 'sdk': 'SDK', 'security_fraud': 'security and fraud prevention',
    'sensitive_personal_information': 'sensitive personal information', 'sensitive_use': 'sensitive use',
    'sensory_data': 'sensory data', 'service_delivery': 'service delivery', 'service_provider': 'service providers',
    'sex_life_or_orientation': 'sex life or orientation', 'sharing': 'sharing',
    'shine_the_light': 'California Shine the Light law (Civil Code 1798.83)', 'shipping_carrier': 'shipping carriers',
    'shortest_of': 'whichever is shorter of', 'site_notice': 'site notice',
    'social_media_platform': 'social media platforms', 'soft_opt_in': 'soft opt-in',
    'staff_training': 'staff training', 'statutory': 'statutory', 'strictly_necessary': 'strictly necessary',
    'subscribe_to_principles': 'subscribe to principles',
    'substantial_public_interest': 'substantial public interest', 'swiss_fdpic': 'Swiss FDPIC',
    'swiss_us': 'Swiss-U.S. DPF', 'swiss_us_dpf': 'Swiss-U.S. Data Privacy Framework', 'tags': 'tags',
    'third': 'third', 'third_party': 'other parties', 'third_party_links': 'third party links',
    'trade_union_membership': 'trade union membership', 'typically': 'typically',
    'uk_addendum': 'UK Addendum to the standard contractual clauses', 'uk_extension': 'UK Extension',
    'uk_extension_dpf': 'UK Extension to the EU-U.S. DPF', 'uk_gdpr': 'UK GDPR and Data Protection Act 2018',
    'uk_ico': 'UK Information Commissioner', 'unspecified': 'unspecified',
    'unsubscribe_link': 'the unsubscribe link in our emails', 'until_event': 'until an event',
    'update_date': 'update date', 'us_adr': 'U.S. dispute resolution provider',
    'user_about_others': 'given by users about other people', 'vendor_assessment': 'vendor assessment',
    'vital_interests': "protecting someone's vital interests", 'voluntary': 'voluntary', 'web_beacons': 'web beacons',
    'web_form': 'a web form', 'website': 'website', 'with_consent': 'with consent',
    'withdraw_consent': 'withdraw consent', 'within': 'within',
}


def words(value: str) -> str:
    """How an enum value reads; a value no schema enum has (a law named in `other`) reads with spaces."""
    return WORDS.get(value, value.replace("_", " "))


_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")
_UNITS = ("year", "month", "week", "day", "hour", "minute", "second")


def duration_words(value: str) -> str:
    """An ISO 8601 duration as people say it: P6Y "6 years", P1M "1 month", P1Y6M "1 year and 6 months"."""
    match = _DURATION.match(value)
    if not match or not any(match.groups()):
        return value  # the schema's pattern admits nothing else; kept as written rather than guessed
    # The digits are shown as written (no int(): a 5,000-digit count would cost quadratic time to convert).
    counts = [(n.lstrip("0") or "0", unit) for n, unit in zip(match.groups(), _UNITS, strict=True) if n is not None]
    parts = [f"{n} {unit}{'' if n == '1' else 's'}" for n, unit in counts]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def date_words(value: str) -> str:
    """A date at the precision the policy gives it: "2024", "February 2024", "14 February 2025"."""
    date = PartialDate.parse(value)
    if date.month is None:
        return str(date.year)
    month = _MONTHS[date.month - 1] if 1 <= date.month <= 12 else str(date.month)
    return f"{date.day} {month} {date.year}" if date.day else f"{month} {date.year}"


# Regions the schema allows beside ISO codes, and names that read better than ISO's ("Korea, Republic of").
_PLACES = {"EU": "the European Union", "EEA": "the European Economic Area", "WORLDWIDE": "any country",
           "RU": "Russia", "KR": "South Korea", "KP": "North Korea", "GB": "the United Kingdom",
           "US": "the United States"}
_WITH_THE = ("Netherlands", "Philippines", "Bahamas", "Gambia", "Maldives", "Isle of Man", "Czech Republic",
             "Dominican Republic", "Central African Republic", "Holy See", "Vatican City")


@lru_cache(maxsize=512)
def place_words(code: str) -> str:
    """A country or region code as a place name: "the United States", "California (the United States)"."""
    if code in _PLACES:
        return _PLACES[code]
    if "-" in code:
        subdivision = pycountry.subdivisions.get(code=code)
        country = place_words(code.split("-")[0])
        return f"{subdivision.name} ({country})" if subdivision else country
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code  # not a code ISO 3166 knows: shown as the policy gives it
    name = getattr(country, "common_name", None) or country.name
    return f"the {name}" if name.startswith("United ") or name.endswith("Islands") or name in _WITH_THE else name


def places_words(codes: list[str]) -> str:
    """Several places, in a sentence."""
    names = [place_words(c) for c in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""
