"""The parties and their contracts: providers, customers, contracts, their uploaded
versions and their services."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from slaledger.adapters.db.models.base import Base, id_column


class Provider(Base):
    __tablename__ = "provider"
    id: Mapped[int] = id_column()
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime]


class Customer(Base):
    __tablename__ = "customer"
    id: Mapped[int] = id_column()
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime]


class Contract(Base):
    """A contract between a provider and a customer; its text lives in its versions."""

    __tablename__ = "contract"
    id: Mapped[int] = id_column()
    key: Mapped[str] = mapped_column(String(200), unique=True)  # the id in the YAML file
    title: Mapped[str] = mapped_column(String(500))
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    created_at: Mapped[datetime]

    provider: Mapped[Provider] = relationship()
    customer: Mapped[Customer] = relationship()
    versions: Mapped[list[ContractVersion]] = relationship(
        back_populates="contract", order_by="ContractVersion.number"
    )
    services: Mapped[list[Service]] = relationship(
        back_populates="contract", order_by="Service.name"
    )


class ContractVersion(Base):
    """One uploaded text of a contract, in force from ``effective_from``."""

    __tablename__ = "contract_version"
    __table_args__ = (UniqueConstraint("contract_id", "number"),)
    id: Mapped[int] = id_column()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    number: Mapped[int]
    yaml_text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(500))
    effective_from: Mapped[datetime]
    uploaded_at: Mapped[datetime]
    uploaded_by: Mapped[str] = mapped_column(String(320))

    contract: Mapped[Contract] = relationship(back_populates="versions")


class Service(Base):
    __tablename__ = "service"
    __table_args__ = (UniqueConstraint("contract_id", "name"),)
    id: Mapped[int] = id_column()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    opened_on: Mapped[str | None] = mapped_column(String(10))  # YYYY-MM-DD, contract years

    contract: Mapped[Contract] = relationship(back_populates="services")
