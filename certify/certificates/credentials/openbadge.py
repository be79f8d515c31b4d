"""The OpenBadgeCredential (Open Badges 3.0 on the VC 2.0 data model), from plain data.

The achievement is the program: its badge image, its criteria, and its competency sets aligned to
the CASE items of the program's framework (`targetType: CFItem`, `targetUrl`: the CFItem's URI
as the CASE export writes it, `targetCode`: its CASE identifier). The issuer's Profile carries the
certifying body's image. Images are OB 3.0 `Image` objects: a stable URL and a caption. The
holder is named by an IdentityObject of type `name` (not hashed: the name is what the
certificate shows); no e-mail or other personal data goes into the credential.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from certify.certificates.credentials.loader import CREDENTIALS_V2, OPEN_BADGES_V3
from certify.certificates.credentials.sign import xsd_datetime


@dataclass(frozen=True)
class Alignment:
    name: str
    url: str
    case_identifier: str
    framework: str
    description: str = ""


@dataclass(frozen=True)
class Evidence:
    """An OB 3.0 Evidence entry: here, a completed set's own credential (its `urn:uuid:` id)."""

    id: str
    name: str
    narrative: str


@dataclass(frozen=True)
class ImageRef:
    url: str
    caption: str

    def as_json(self) -> dict[str, str]:
        return {"id": self.url, "type": "Image", "caption": self.caption}


@dataclass(frozen=True)
class BadgeData:
    credential_id: str  # urn:uuid:…
    issuer_id: str  # the issuer's DID
    issuer_name: str
    issuer_url: str
    issuer_email: str
    achievement_id: str
    achievement_name: str
    achievement_code: str
    achievement_description: str
    criteria_url: str
    criteria_narrative: str
    alignments: tuple[Alignment, ...]
    holder_name: str
    number: str
    valid_from: datetime
    valid_until: datetime
    status_entry: dict[str, Any]  # the one BitstringStatusListEntry (purpose revocation)
    evidence: tuple[Evidence, ...] = ()
    subject_id: str = ""  # the holder's DID when a wallet proved it holds its key
    achievement_image: ImageRef | None = None
    issuer_image: ImageRef | None = None
    # The framework version the certificate was earned under, as the achievement's `version`
    # (ADR 0056); empty: not named.
    framework_version: str = ""


def open_badge_credential(data: BadgeData) -> dict[str, Any]:
    """The unsigned credential."""
    issuer: dict[str, Any] = {
        "id": data.issuer_id,
        "type": ["Profile"],
        "name": data.issuer_name,
        "url": data.issuer_url,
    }
    if data.issuer_email:
        issuer["email"] = data.issuer_email
    if data.issuer_image:
        issuer["image"] = data.issuer_image.as_json()
    achievement: dict[str, Any] = {
        "id": data.achievement_id,
        "type": ["Achievement"],
        "achievementType": "Certification",
        "name": data.achievement_name,
        "humanCode": data.achievement_code,
        "description": data.achievement_description,
        "criteria": {"id": data.criteria_url, "narrative": data.criteria_narrative},
        "alignment": [
            {
                "type": ["Alignment"],
                "targetName": a.name,
                "targetUrl": a.url,
                "targetCode": a.case_identifier,
                "targetFramework": a.framework,
                "targetType": "CFItem",
                **({"targetDescription": a.description} if a.description else {}),
            }
            for a in data.alignments
        ],
    }
    if data.achievement_image:
        achievement["image"] = data.achievement_image.as_json()
    if data.framework_version:
        achievement["version"] = data.framework_version
    document: dict[str, Any] = {
        "@context": [CREDENTIALS_V2, OPEN_BADGES_V3],
        "id": data.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{data.achievement_name} certificate {data.number}",
        "issuer": issuer,
        "validFrom": xsd_datetime(data.valid_from),
        "validUntil": xsd_datetime(data.valid_until),
        "credentialSubject": {
            **({"id": data.subject_id} if data.subject_id else {}),
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": data.holder_name,
                }
            ],
            "achievement": achievement,
        },
        "credentialStatus": data.status_entry,
    }
    if data.evidence:
        document["evidence"] = [
            {"id": e.id, "type": ["Evidence"], "name": e.name, "narrative": e.narrative}
            for e in data.evidence
        ]
    return document
