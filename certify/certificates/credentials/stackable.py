"""Stackable credentials, from plain data (ADR 0035): a completed competency set's own
OpenBadgeCredential, and the Comprehensive Learner Record (CLR 2.0) that gathers a holder's
signed credentials of one program.

A set's achievement is the set (`achievementType` `Competency`), aligned to its CASE item; the
route and the day it was complete are the credential's `evidence` and the subject's
`activityEndDate`. The CLR nests the signed credentials exactly as issued (each keeps its own
proof and status) and says, by `association`, that each set is part of the program.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from certify.certificates.credentials.loader import CLR_V2, CREDENTIALS_V2, OPEN_BADGES_V3
from certify.certificates.credentials.openbadge import Alignment
from certify.certificates.credentials.sign import xsd_datetime

# OB 3.0's AchievementType for a set: the holder showed competence in a defined group of the
# framework's competencies; the route (course, portfolio, programme) is evidence, not the type.
SET_ACHIEVEMENT_TYPE = "Competency"


@dataclass(frozen=True)
class Issuer:
    id: str
    name: str
    url: str
    email: str = ""

    def profile(self) -> dict[str, Any]:
        profile: dict[str, Any] = {
            "id": self.id,
            "type": ["Profile"],
            "name": self.name,
            "url": self.url,
        }
        if self.email:
            profile["email"] = self.email
        return profile


@dataclass(frozen=True)
class SetBadgeData:
    credential_id: str  # urn:uuid:…
    issuer: Issuer
    program_name: str
    achievement_id: str  # the set's public page
    set_name: str
    set_code: str
    set_description: str
    criteria_url: str
    criteria_narrative: str
    alignment: Alignment
    holder_name: str
    route_label: str
    route_narrative: str
    completed_at: datetime
    valid_from: datetime
    status_entry: dict[str, Any]
    # The framework version the set belongs to ("Version 2 (2012 revision)"), as the
    # achievement's `version` (ADR 0056); empty: not named.
    framework_version: str = ""


def name_identifier(holder_name: str) -> list[dict[str, Any]]:
    """The holder, named as the certificate names them (no e-mail, nothing hashed)."""
    return [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": holder_name,
        }
    ]


def alignment_of(a: Alignment) -> dict[str, Any]:
    return {
        "type": ["Alignment"],
        "targetName": a.name,
        "targetUrl": a.url,
        "targetCode": a.case_identifier,
        "targetFramework": a.framework,
        "targetType": "CFItem",
        **({"targetDescription": a.description} if a.description else {}),
    }


def set_credential(data: SetBadgeData) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential of one completed set."""
    completed = xsd_datetime(data.completed_at)
    return {
        "@context": [CREDENTIALS_V2, OPEN_BADGES_V3],
        "id": data.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{data.set_name}: {data.program_name}",
        "issuer": data.issuer.profile(),
        "validFrom": xsd_datetime(data.valid_from),
        "awardedDate": completed,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": name_identifier(data.holder_name),
            "activityEndDate": completed,
            "achievement": {
                "id": data.achievement_id,
                "type": ["Achievement"],
                "achievementType": SET_ACHIEVEMENT_TYPE,
                "name": data.set_name,
                "humanCode": data.set_code,
                "description": data.set_description or data.set_name,
                "criteria": {"id": data.criteria_url, "narrative": data.criteria_narrative},
                "alignment": [alignment_of(data.alignment)],
                **({"version": data.framework_version} if data.framework_version else {}),
            },
        },
        "evidence": [
            {
                "type": ["Evidence"],
                "name": data.route_label,
                "genre": data.route_label,
                "narrative": data.route_narrative,
            }
        ],
        "credentialStatus": data.status_entry,
    }


@dataclass(frozen=True)
class Association:
    """CLR 2.0: the source achievement stands in `kind` to the target (e.g. isChildOf)."""

    kind: str
    source_id: str
    target_id: str


def clr_credential(
    *,
    credential_id: str,
    issuer: Issuer,
    name: str,
    description: str,
    holder_name: str,
    valid_from: datetime,
    credentials: list[dict[str, Any]],
    associations: list[Association],
) -> dict[str, Any]:
    """The unsigned ClrCredential: the signed `credentials` nested as they are."""
    subject: dict[str, Any] = {
        "type": ["ClrSubject"],
        "identifier": name_identifier(holder_name),
        "verifiableCredential": credentials,
    }
    if associations:
        subject["association"] = [
            {
                "type": "Association",
                "associationType": a.kind,
                "sourceId": a.source_id,
                "targetId": a.target_id,
            }
            for a in associations
        ]
    return {
        "@context": [CREDENTIALS_V2, CLR_V2, OPEN_BADGES_V3],
        "id": credential_id,
        "type": ["VerifiableCredential", "ClrCredential"],
        "name": name,
        "description": description,
        "issuer": issuer.profile(),
        "validFrom": xsd_datetime(valid_from),
        "credentialSubject": subject,
    }
